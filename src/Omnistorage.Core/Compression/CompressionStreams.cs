using System.IO.Compression;
using Omnistorage.Records;
using ZstdSharp.Unsafe;

namespace Omnistorage.Compression;

/// <summary>
/// Opens the compression layers that sit under record framing (and anywhere else a compressed byte stream is wanted).
/// Readers handle concatenated gzip members and zstd frames, which is what appending produces, and report corrupt or
/// truncated input as <see cref="StorageErrorCode.Integrity"/>.
/// </summary>
public static class CompressionStreams
{
    /// <summary>The zstd level used when none is given: zstd's own default, a good balance of speed and size.</summary>
    public const int DefaultZstdLevel = 3;

    /// <summary>
    /// The gzip level used when none is given, on the zlib scale 0–9. Fastest (1): record streams are usually
    /// written while data is produced, where throughput matters more than the last few percent of size.
    /// </summary>
    public const int DefaultGzipLevel = 1;

    // zstd accepts "fast" negative levels down to -(1 << 17) and strong ones up to 22.
    private const int MinZstdLevel = -(1 << 17);
    private const int MaxZstdLevel = 22;

    /// <summary>
    /// Returns a stream that compresses what is written to it into <paramref name="destination"/>. Disposing it writes
    /// the gzip trailer or ends the zstd frame, then disposes <paramref name="destination"/> unless
    /// <paramref name="leaveOpen"/>. With <see cref="RecordCompression.None"/> the destination itself is returned (so
    /// <paramref name="leaveOpen"/> is then the caller's business) and <paramref name="level"/> is ignored.
    /// </summary>
    /// <param name="destination">Where the compressed bytes go.</param>
    /// <param name="compression">The format.</param>
    /// <param name="level">
    /// gzip: 0–9 on the zlib scale, mapped onto .NET's levels (0 none, 1–5 fastest, 6–7 optimal, 8–9 smallest), default
    /// <see cref="DefaultGzipLevel"/>. zstd: -131072–22, default <see cref="DefaultZstdLevel"/>. Out of range is
    /// <see cref="StorageErrorCode.InvalidArgument"/>.
    /// </param>
    /// <param name="leaveOpen">Keep <paramref name="destination"/> open when the returned stream is disposed.</param>
    public static Stream Compress(Stream destination, RecordCompression compression, int? level = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        switch (compression)
        {
            case RecordCompression.None:
                return destination;
            case RecordCompression.Gzip:
                return new GZipStream(destination, ToGzipLevel(level ?? DefaultGzipLevel), leaveOpen);
            case RecordCompression.Zstd:
                var zstdLevel = level ?? DefaultZstdLevel;
                ValidateLevel(compression, zstdLevel);
                var zstd = new ZstdSharp.CompressionStream(destination, zstdLevel, bufferSize: 0, leaveOpen);
                // A content checksum per frame (as the zstd command-line tool writes by default) lets readers detect
                // corruption that still decodes; it costs one xxHash64 pass, small next to the compression itself.
                zstd.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
                return zstd;
            default:
                throw UnknownCompression(compression);
        }
    }

    /// <summary>
    /// Returns a stream that decompresses <paramref name="source"/>. Concatenated gzip members and zstd frames read as
    /// one stream; damaged or truncated input throws <see cref="StorageException"/> with
    /// <see cref="StorageErrorCode.Integrity"/>. Disposing it disposes <paramref name="source"/> unless
    /// <paramref name="leaveOpen"/>. With <see cref="RecordCompression.None"/> the source itself is returned.
    /// </summary>
    public static Stream Decompress(Stream source, RecordCompression compression, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        return compression switch
        {
            RecordCompression.None => source,
            RecordCompression.Gzip => new GzipDecompressionStream(source, leaveOpen),
            RecordCompression.Zstd => new ZstdDecompressionStream(source, leaveOpen),
            _ => throw UnknownCompression(compression),
        };
    }

    /// <summary>The compression a file name's last extension names: <c>.gz</c>/<c>.gzip</c>, <c>.zst</c>/<c>.zstd</c>, else none.</summary>
    public static RecordCompression FromExtension(string extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        return extension.TrimStart('.').ToLowerInvariant() switch
        {
            "gz" or "gzip" => RecordCompression.Gzip,
            "zst" or "zstd" => RecordCompression.Zstd,
            _ => RecordCompression.None,
        };
    }

    /// <summary>Throws <see cref="StorageErrorCode.InvalidArgument"/> when <paramref name="level"/> is out of range for <paramref name="compression"/>.</summary>
    internal static void ValidateLevel(RecordCompression compression, int level)
    {
        switch (compression)
        {
            case RecordCompression.Gzip:
                _ = ToGzipLevel(level);
                break;
            case RecordCompression.Zstd when level is < MinZstdLevel or > MaxZstdLevel:
                throw new StorageException(StorageErrorCode.InvalidArgument, $"zstd level {level} is out of range ({MinZstdLevel} to {MaxZstdLevel}).");
        }
    }

    internal static CompressionLevel ToGzipLevel(int level) => level switch
    {
        0 => CompressionLevel.NoCompression,
        >= 1 and <= 5 => CompressionLevel.Fastest,
        6 or 7 => CompressionLevel.Optimal,
        8 or 9 => CompressionLevel.SmallestSize,
        _ => throw new StorageException(StorageErrorCode.InvalidArgument, $"gzip level {level} is out of range (0 to 9)."),
    };

    private static StorageException UnknownCompression(RecordCompression compression) =>
        new(StorageErrorCode.InvalidArgument, $"Unknown record compression {(int)compression}.");
}
