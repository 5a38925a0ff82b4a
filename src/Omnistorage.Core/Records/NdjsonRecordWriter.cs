namespace Omnistorage.Records;

/// <summary>
/// Writes newline-delimited JSON: each record followed by one <c>\n</c>. A record containing a raw <c>\n</c> or
/// <c>\r</c>, an empty record (which NDJSON cannot represent: readers skip blank lines), a record over
/// <see cref="NdjsonOptions.MaxRecordSize"/>, or with <see cref="NdjsonOptions.ValidateJson"/> a record that is not
/// exactly one JSON value, is refused with <see cref="StorageErrorCode.InvalidArgument"/> and nothing is written.
/// Records are buffered (64 KiB) and reach the stream in large writes. Not thread-safe.
/// </summary>
public sealed class NdjsonRecordWriter : IRecordWriter
{
    private static readonly ReadOnlyMemory<byte> Newline = new[] { (byte)'\n' };
    private readonly RecordOutput _output;
    private readonly NdjsonOptions _options;

    public NdjsonRecordWriter(Stream stream, NdjsonOptions? options = null)
    {
        _options = options ?? NdjsonOptions.Default;
        if (_options.MaxRecordSize < 1) throw new StorageException(StorageErrorCode.InvalidArgument, $"MaxRecordSize must be at least 1 byte, not {_options.MaxRecordSize}.");
        _output = new RecordOutput(stream, _options.LeaveOpen);
    }

    public long RecordsWritten { get; private set; }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        _output.EnsureUsable();
        cancellationToken.ThrowIfCancellationRequested();
        var span = record.Span;
        Validate(span);
        if (_output.TryAppend(span, (byte)'\n'))
        {
            RecordsWritten++;
            return ValueTask.CompletedTask;
        }

        return WriteSlowAsync(record, cancellationToken);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _output.FlushAsync(cancellationToken);

    /// <summary>Writes the buffered records and disposes the stream unless it is left open.</summary>
    public ValueTask DisposeAsync() => _output.DisposeAsync();

    private async ValueTask WriteSlowAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        await _output.AppendAsync(record, Newline, cancellationToken).ConfigureAwait(false);
        RecordsWritten++;
    }

    private void Validate(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty)
        {
            throw Refused("is empty; NDJSON cannot represent an empty record (readers skip blank lines)");
        }

        if (record.Length > _options.MaxRecordSize)
        {
            throw Refused($"is {record.Length} bytes, over the {_options.MaxRecordSize}-byte limit");
        }

        var lineBreak = record.IndexOfAny((byte)'\n', (byte)'\r');
        if (lineBreak >= 0)
        {
            throw Refused($"contains a raw {(record[lineBreak] == '\n' ? "\\n" : "\\r")} at byte {lineBreak}; an NDJSON record must be one line (JSON escapes line breaks inside strings)");
        }

        if (_options.ValidateJson && JsonRecordValidator.Check(record) is { } problem)
        {
            throw Refused($"is not a single JSON value: {problem}");
        }
    }

    private StorageException Refused(string reason) =>
        new(StorageErrorCode.InvalidArgument, $"Record {RecordsWritten} {reason}. Nothing was written for it.");
}
