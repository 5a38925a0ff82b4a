using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace Omnistorage;

/// <summary>Computes several content hashes in one pass over the bytes.</summary>
public sealed class MultiHasher : IDisposable
{
    private readonly IncrementalHash? _md5;
    private readonly IncrementalHash? _sha1;
    private readonly IncrementalHash? _sha256;
    private readonly bool _crc32c;
    private uint _crc = Crc32C.Initial;

    public MultiHasher(HashTypes types)
    {
        Types = types;
        if (types.Contains(HashType.Md5)) _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        if (types.Contains(HashType.Sha1)) _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        if (types.Contains(HashType.Sha256)) _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _crc32c = types.Contains(HashType.Crc32C);
    }

    public HashTypes Types { get; }

    public long BytesHashed { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _md5?.AppendData(data);
        _sha1?.AppendData(data);
        _sha256?.AppendData(data);
        if (_crc32c) _crc = Crc32C.Update(_crc, data);
        BytesHashed += data.Length;
    }

    /// <summary>Returns the hashes (lowercase hex). Call once, after the last <see cref="Append"/>.</summary>
    public Dictionary<HashType, string> GetHashes()
    {
        var result = new Dictionary<HashType, string>();
        if (_md5 is not null) result[HashType.Md5] = Hex.Lower(_md5.GetHashAndReset());
        if (_sha1 is not null) result[HashType.Sha1] = Hex.Lower(_sha1.GetHashAndReset());
        if (_sha256 is not null) result[HashType.Sha256] = Hex.Lower(_sha256.GetHashAndReset());
        if (_crc32c) result[HashType.Crc32C] = Crc32C.ToHex(Crc32C.Finish(_crc));
        return result;
    }

    /// <summary>Reads <paramref name="stream"/> to its end and returns its hashes.</summary>
    public static async ValueTask<Dictionary<HashType, string>> ComputeAsync(Stream stream, HashTypes types, CancellationToken cancellationToken = default)
    {
        using var hasher = new MultiHasher(types);
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return hasher.GetHashes();
    }

    /// <summary>Hashes of an in-memory buffer.</summary>
    public static Dictionary<HashType, string> Compute(ReadOnlySpan<byte> data, HashTypes types)
    {
        using var hasher = new MultiHasher(types);
        hasher.Append(data);
        return hasher.GetHashes();
    }

    public void Dispose()
    {
        _md5?.Dispose();
        _sha1?.Dispose();
        _sha256?.Dispose();
    }
}

/// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), hardware-accelerated with SSE4.2 where available.</summary>
public static class Crc32C
{
    internal const uint Initial = 0xFFFFFFFFu;
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    internal static uint Finish(uint state) => ~state;

    /// <summary>Big-endian hex, the form GCS and S3 print (after base64 decoding).</summary>
    public static string ToHex(uint crc)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, crc);
        return Hex.Lower(bytes);
    }

    internal static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            ulong state = crc;
            while (data.Length >= 8)
            {
                state = Sse42.X64.Crc32(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            crc = (uint)state;
            foreach (var b in data)
            {
                crc = Sse42.Crc32(crc, b);
            }

            return crc;
        }

        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ 0x82F63B78u : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}

internal static class Hex
{
    /// <summary>Lowercase hex (Convert.ToHexStringLower needs .NET 9; the libraries target .NET 8).</summary>
    public static string Lower(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
