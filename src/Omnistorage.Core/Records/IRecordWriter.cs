namespace Omnistorage.Records;

/// <summary>
/// Writes framed records to an underlying stream. Records are opaque bytes to the writer; the framing
/// (<see cref="RecordFormat"/>) decides how their boundaries are encoded. Not thread-safe.
/// Disposing flushes the framing and compression layers and disposes the stream unless told to leave it open;
/// it does not commit an <see cref="ObjectWriteStream"/> — call <see cref="ObjectWriteStream.CommitAsync"/> (or use
/// <c>ObjectStoreRecordExtensions</c>, whose writers commit in <c>CompleteAsync</c>).
/// </summary>
public interface IRecordWriter : IAsyncDisposable
{
    /// <summary>Writes one record. Invalid records (a raw newline in NDJSON, an oversized frame) are <see cref="StorageErrorCode.InvalidArgument"/> and write nothing.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default);

    /// <summary>Pushes buffered records through the framing and compression layers to the underlying stream.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Records written so far.</summary>
    long RecordsWritten { get; }
}

/// <summary>
/// Reads framed records one at a time. <see cref="Current"/> is valid until the next call to <see cref="ReadAsync"/>;
/// copy it to keep it. A truncated or malformed frame is <see cref="StorageErrorCode.Integrity"/>, and a frame larger
/// than the configured maximum is refused before any buffer of that size is allocated. Not thread-safe.
/// </summary>
public interface IRecordReader : IAsyncDisposable
{
    /// <summary>Advances to the next record; false at the end of the stream.</summary>
    ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>The record read by the last successful <see cref="ReadAsync"/> (without framing).</summary>
    ReadOnlyMemory<byte> Current { get; }

    /// <summary>Records read so far.</summary>
    long RecordsRead { get; }
}

/// <summary>How records are delimited.</summary>
public enum RecordFormat
{
    /// <summary>Newline-delimited JSON (one UTF-8 record per line, <c>\n</c> terminated).</summary>
    Ndjson,
    /// <summary>Binary frames, each a 4-byte big-endian unsigned length followed by that many bytes.</summary>
    LengthPrefixed,
}

/// <summary>The compression layer under the framing.</summary>
public enum RecordCompression
{
    /// <summary>No compression: the framing is written as is.</summary>
    None,
    /// <summary>gzip (RFC 1952). Readers accept several members one after another, as appending produces.</summary>
    Gzip,
    /// <summary>Zstandard (RFC 8878). Readers accept several frames one after another, as appending produces.</summary>
    Zstd,
}
