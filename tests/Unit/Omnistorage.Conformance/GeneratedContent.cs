using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Omnistorage.Conformance;

/// <summary>
/// Deterministic pseudo-random content of any length, addressable at any offset without generating what comes before
/// (each 8-byte block is SplitMix64 of the seed and the block number). Lets the suite write and verify objects far
/// larger than it would want to hold in memory.
/// </summary>
public static class GeneratedContent
{
    /// <summary>Fills <paramref name="destination"/> with the content bytes starting at <paramref name="position"/>.</summary>
    public static void Fill(ulong seed, long position, Span<byte> destination)
    {
        Span<byte> block = stackalloc byte[8];
        var filled = 0;
        while (filled < destination.Length)
        {
            var absolute = position + filled;
            var blockIndex = absolute >> 3;
            var offsetInBlock = (int)(absolute & 7);
            BinaryPrimitives.WriteUInt64LittleEndian(block, SplitMix64(seed + (ulong)blockIndex * 0x9E3779B97F4A7C15UL));
            var take = Math.Min(8 - offsetInBlock, destination.Length - filled);
            block.Slice(offsetInBlock, take).CopyTo(destination[filled..]);
            filled += take;
        }
    }

    /// <summary>The first <paramref name="length"/> content bytes, for objects small enough to hold.</summary>
    public static byte[] Bytes(ulong seed, int length)
    {
        var bytes = new byte[length];
        Fill(seed, 0, bytes);
        return bytes;
    }

    private static ulong SplitMix64(ulong state)
    {
        var z = state + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>
/// A forward-only source stream over <see cref="GeneratedContent"/>, standing in for a network download: it cannot
/// seek, returns at most <see cref="MaxReadSize"/> bytes per read, hashes what it hands out, and can be told to fail
/// or to report progress part-way.
/// </summary>
public sealed class GeneratedContentStream(ulong seed, long length) : Stream
{
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    /// <summary>The most bytes one read returns.</summary>
    public int MaxReadSize { get; init; } = 256 * 1024;

    /// <summary>When set, a read that would go past this many bytes throws an <see cref="IOException"/> instead.</summary>
    public long? FailAfter { get; init; }

    /// <summary>Called after each read with the number of bytes produced so far.</summary>
    public Action<long>? Progress { get; init; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException("A generated source does not reveal its length, like a network stream.");

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>The SHA-256 of everything read so far (lowercase hex).</summary>
    public string ProducedSha256 => Convert.ToHexStringLower(_sha256.GetCurrentHash());

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(Math.Min(buffer.Length, MaxReadSize), length - _position);
        if (count <= 0) return 0;
        if (FailAfter is { } limit && _position + count > limit)
        {
            throw new IOException($"The generated source failed on purpose after {limit} bytes.");
        }

        GeneratedContent.Fill(seed, _position, buffer[..count]);
        _sha256.AppendData(buffer[..count]);
        _position += count;
        Progress?.Invoke(_position);
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _sha256.Dispose();
        base.Dispose(disposing);
    }
}
