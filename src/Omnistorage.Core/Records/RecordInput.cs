using System.Buffers;

namespace Omnistorage.Records;

/// <summary>
/// The buffered input both record readers share: a window [<see cref="Start"/>, <see cref="End"/>) of unconsumed bytes
/// in one buffer that starts pooled at 64 KiB and grows only while a single record needs it, never past
/// <c>maxCapacity</c>, so a hostile length or an endless line can never make it allocate more than the limit.
/// </summary>
internal sealed class RecordInput
{
    private const int InitialSize = 64 * 1024;

    // ArrayPool rounds requests up to a power of two, which for a 64 MiB + 2 limit would mean a 128 MiB array; beyond
    // this size the buffer is allocated at the exact size instead.
    private const int LargestPooledSize = 1024 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _maxCapacity;
    private bool _pooled = true;
    private bool _disposed;

    public RecordInput(Stream stream, bool leaveOpen, int maxCapacity)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The record stream must be readable.", nameof(stream));
        _stream = stream;
        _leaveOpen = leaveOpen;
        _maxCapacity = Math.Max(maxCapacity, InitialSize);
        Buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    }

    public byte[] Buffer { get; private set; }

    /// <summary>The first unconsumed byte.</summary>
    public int Start { get; private set; }

    /// <summary>One past the last valid byte.</summary>
    public int End { get; private set; }

    public int Available => End - Start;

    public bool EndOfStream { get; private set; }

    /// <summary>The offset in the (decompressed) stream of the byte at <see cref="Start"/>.</summary>
    public long Position => _bufferOffset + Start;

    private long _bufferOffset;

    public ReadOnlySpan<byte> Unconsumed => Buffer.AsSpan(Start, End - Start);

    public void Consume(int count) => Start += count;

    /// <summary>
    /// Reads more bytes, keeping the unconsumed ones (moving them to the front, or into a larger buffer when they fill
    /// it). Returns false at the end of the stream, or when the unconsumed bytes already fill the largest allowed
    /// buffer — callers check their limit before asking for more, so that case does not arise for them.
    /// </summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (EndOfStream) return false;
        if (Start == End)
        {
            _bufferOffset += Start;
            Start = End = 0;
        }
        else if (Buffer.Length - End < Buffer.Length / 4)
        {
            if (Start > 0) Compact();
            if (Buffer.Length - End < Buffer.Length / 4 && Buffer.Length < _maxCapacity) Grow(Buffer.Length * 2L);
        }

        if (End == Buffer.Length) return false;
        var read = await _stream.ReadAsync(Buffer.AsMemory(End), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            EndOfStream = true;
            return false;
        }

        End += read;
        return true;
    }

    /// <summary>Makes sure at least <paramref name="count"/> (at most the maximum capacity) bytes are unconsumed; false when the stream ends first.</summary>
    public async ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        if (Available >= count) return true;
        if (count > Buffer.Length - Start)
        {
            if (Start > 0) Compact();
            if (count > Buffer.Length) Grow(count);
        }

        while (Available < count)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false)) return false;
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        ReturnBuffer();
        Buffer = [];
        if (!_leaveOpen) await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private void Compact()
    {
        var count = End - Start;
        Buffer.AsSpan(Start, count).CopyTo(Buffer);
        _bufferOffset += Start;
        Start = 0;
        End = count;
    }

    private void Grow(long requested)
    {
        var size = (int)Math.Min(Math.Max(requested, Buffer.Length), _maxCapacity);
        var pooled = size <= LargestPooledSize;
        var larger = pooled ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);
        var count = End - Start;
        Buffer.AsSpan(Start, count).CopyTo(larger);
        ReturnBuffer();
        _bufferOffset += Start;
        Buffer = larger;
        _pooled = pooled;
        Start = 0;
        End = count;
    }

    private void ReturnBuffer()
    {
        if (_pooled && Buffer.Length > 0) ArrayPool<byte>.Shared.Return(Buffer);
    }
}
