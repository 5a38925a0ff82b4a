using Omnistorage.Compression;

namespace Omnistorage.Records;

/// <summary>
/// Builds record readers and writers from <see cref="RecordStreamOptions"/>: the framing over the compression layer
/// over the caller's stream. See docs/records.md for the wire formats.
/// </summary>
public static class RecordStreams
{
    /// <summary>
    /// A writer that frames records, compresses them and writes them to <paramref name="stream"/>. Disposing the writer
    /// writes what is buffered, ends the compressed stream (gzip trailer, zstd frame end) and disposes
    /// <paramref name="stream"/> unless <see cref="RecordStreamOptions.LeaveOpen"/>.
    /// </summary>
    public static IRecordWriter CreateWriter(Stream stream, RecordStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= RecordStreamOptions.Default;
        options.Validate();
        var compressed = CompressionStreams.Compress(stream, options.Compression, options.CompressionLevel, options.LeaveOpen);
        // The framing owns the compression layer (it must end it), and the compression layer honours LeaveOpen for the
        // caller's stream; without compression the framing talks to the caller's stream directly.
        var framingLeavesOpen = options.Compression == RecordCompression.None && options.LeaveOpen;
        try
        {
            return options.Format switch
            {
                RecordFormat.LengthPrefixed => new LengthPrefixedRecordWriter(compressed,
                    new LengthPrefixedOptions { MaxRecordSize = options.MaxRecordSize, LeaveOpen = framingLeavesOpen }),
                _ => new NdjsonRecordWriter(compressed,
                    new NdjsonOptions { MaxRecordSize = options.MaxRecordSize, ValidateJson = options.ValidateJson, LeaveOpen = framingLeavesOpen }),
            };
        }
        catch
        {
            if (!ReferenceEquals(compressed, stream)) compressed.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A reader that decompresses <paramref name="stream"/> and splits it into records. Disposing the reader disposes
    /// <paramref name="stream"/> unless <see cref="RecordStreamOptions.LeaveOpen"/>.
    /// </summary>
    public static IRecordReader CreateReader(Stream stream, RecordStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= RecordStreamOptions.Default;
        options.Validate();
        var decompressed = CompressionStreams.Decompress(stream, options.Compression, options.LeaveOpen);
        var framingLeavesOpen = options.Compression == RecordCompression.None && options.LeaveOpen;
        return options.Format switch
        {
            RecordFormat.LengthPrefixed => new LengthPrefixedRecordReader(decompressed,
                new LengthPrefixedOptions { MaxRecordSize = options.MaxRecordSize, LeaveOpen = framingLeavesOpen }),
            _ => new NdjsonRecordReader(decompressed,
                new NdjsonOptions { MaxRecordSize = options.MaxRecordSize, ValidateJson = options.ValidateJson, LeaveOpen = framingLeavesOpen }),
        };
    }
}
