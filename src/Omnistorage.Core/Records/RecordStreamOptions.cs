using Omnistorage.Compression;

namespace Omnistorage.Records;

/// <summary>
/// How <see cref="RecordStreams"/> frames and compresses records. <see cref="FromPath"/> picks the format and
/// compression from a file name; everything else keeps its default unless set.
/// </summary>
public sealed record RecordStreamOptions
{
    /// <summary>The default limit on one record: 64 MiB.</summary>
    public const int DefaultMaxRecordSize = 64 * 1024 * 1024;

    /// <summary>NDJSON, uncompressed, no JSON validation, 64 MiB records, the stream disposed with the reader or writer.</summary>
    public static RecordStreamOptions Default { get; } = new();

    public RecordFormat Format { get; init; } = RecordFormat.Ndjson;

    public RecordCompression Compression { get; init; } = RecordCompression.None;

    /// <summary>The compression level (see <see cref="CompressionStreams.Compress"/>); null for the format's default. Writers only.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>NDJSON only: each record must be exactly one JSON value. Writers refuse others (InvalidArgument); readers report them (Integrity).</summary>
    public bool ValidateJson { get; init; }

    /// <summary>The largest record, in bytes, without framing. Larger records are refused by writers and reported by readers before any buffer of their size exists.</summary>
    public int MaxRecordSize { get; init; } = DefaultMaxRecordSize;

    /// <summary>Keep the stream given to the reader or writer open when it is disposed.</summary>
    public bool LeaveOpen { get; init; }

    /// <summary>
    /// Chooses the format and compression from a path's extensions, case-insensitively. A trailing <c>.gz</c> or
    /// <c>.gzip</c> means gzip, <c>.zst</c> or <c>.zstd</c> zstd; the extension before it (or the last one, when there is
    /// no compression extension) picks the framing: <c>.ndjson</c>, <c>.jsonl</c>, <c>.json</c> are NDJSON; <c>.lp</c>,
    /// <c>.rec</c>, <c>.bin</c> are length-prefixed. Anything else is NDJSON. Examples: <c>events.ndjson.gz</c> is
    /// NDJSON + gzip, <c>x.rec.zst</c> length-prefixed + zstd, <c>logs.gz</c> NDJSON + gzip, <c>notes.txt</c> NDJSON.
    /// </summary>
    public static RecordStreamOptions FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path[(path.LastIndexOfAny(['/', '\\']) + 1)..];
        var compression = CompressionStreams.FromExtension(Path.GetExtension(name));
        if (compression != RecordCompression.None) name = Path.GetFileNameWithoutExtension(name);
        var format = Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".lp" or ".rec" or ".bin" => RecordFormat.LengthPrefixed,
            _ => RecordFormat.Ndjson,
        };
        return new RecordStreamOptions { Format = format, Compression = compression };
    }

    internal void Validate()
    {
        if (MaxRecordSize < 1) throw new StorageException(StorageErrorCode.InvalidArgument, $"MaxRecordSize must be at least 1 byte, not {MaxRecordSize}.");
        if (!Enum.IsDefined(Format)) throw new StorageException(StorageErrorCode.InvalidArgument, $"Unknown record format {(int)Format}.");
        if (!Enum.IsDefined(Compression)) throw new StorageException(StorageErrorCode.InvalidArgument, $"Unknown record compression {(int)Compression}.");
        if (CompressionLevel is { } level) CompressionStreams.ValidateLevel(Compression, level);
        if (ValidateJson && Format != RecordFormat.Ndjson)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, "ValidateJson applies to NDJSON only; length-prefixed records are opaque bytes.");
        }
    }
}

/// <summary>Settings for <see cref="NdjsonRecordWriter"/> and <see cref="NdjsonRecordReader"/>.</summary>
public sealed record NdjsonOptions
{
    public static NdjsonOptions Default { get; } = new();

    /// <summary>Each record must be exactly one JSON value. Writers refuse others (InvalidArgument); readers report them (Integrity).</summary>
    public bool ValidateJson { get; init; }

    /// <summary>The longest record in bytes, without the line terminator.</summary>
    public int MaxRecordSize { get; init; } = RecordStreamOptions.DefaultMaxRecordSize;

    /// <summary>Keep the stream open when the reader or writer is disposed.</summary>
    public bool LeaveOpen { get; init; }
}

/// <summary>Settings for <see cref="LengthPrefixedRecordWriter"/> and <see cref="LengthPrefixedRecordReader"/>.</summary>
public sealed record LengthPrefixedOptions
{
    public static LengthPrefixedOptions Default { get; } = new();

    /// <summary>The largest payload in bytes, without the 4-byte header.</summary>
    public int MaxRecordSize { get; init; } = RecordStreamOptions.DefaultMaxRecordSize;

    /// <summary>Keep the stream open when the reader or writer is disposed.</summary>
    public bool LeaveOpen { get; init; }
}
