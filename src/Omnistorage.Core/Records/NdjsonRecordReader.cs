namespace Omnistorage.Records;

/// <summary>
/// Reads newline-delimited JSON one line at a time. A line ends at <c>\n</c>; a <c>\r</c> right before it (Windows line
/// ends) is dropped, and the last line needs no terminator. Empty lines are skipped, as most NDJSON readers do, so
/// <see cref="RecordsRead"/> counts records, not lines. A line longer than <see cref="NdjsonOptions.MaxRecordSize"/>
/// is <see cref="StorageErrorCode.Integrity"/>, reported before the buffer grows past the limit; with
/// <see cref="NdjsonOptions.ValidateJson"/> so is a line that is not exactly one JSON value. Not thread-safe.
/// </summary>
public sealed class NdjsonRecordReader : IRecordReader
{
    private readonly RecordInput _input;
    private readonly NdjsonOptions _options;

    // How many bytes after RecordInput.Start are known to hold no '\n', so a long line arriving in pieces is scanned once.
    private int _scanned;
    private long _lineNumber;
    private bool _failed;

    public NdjsonRecordReader(Stream stream, NdjsonOptions? options = null)
    {
        _options = options ?? NdjsonOptions.Default;
        if (_options.MaxRecordSize < 1) throw new StorageException(StorageErrorCode.InvalidArgument, $"MaxRecordSize must be at least 1 byte, not {_options.MaxRecordSize}.");
        // Room for the longest record plus "\r\n", so a record exactly at the limit still fits with its terminator.
        _input = new RecordInput(stream, _options.LeaveOpen, _options.MaxRecordSize + 2);
    }

    public ReadOnlyMemory<byte> Current { get; private set; }

    public long RecordsRead { get; private set; }

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_failed) throw new InvalidOperationException("An earlier read failed; the rest of the record stream cannot be trusted.");
        Current = default;
        try
        {
            while (true)
            {
                var newline = _input.Unconsumed[_scanned..].IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var lineLength = _scanned + newline;
                    _scanned = 0;
                    _lineNumber++;
                    if (TakeLine(lineLength, terminatorLength: 1)) return true;
                    continue;
                }

                _scanned = _input.Available;
                if (_input.Available > _options.MaxRecordSize + 1) throw TooLong(_lineNumber + 1);
                if (await _input.FillAsync(cancellationToken).ConfigureAwait(false)) continue;
                if (!_input.EndOfStream) throw TooLong(_lineNumber + 1);

                // The last line may lack its terminator.
                _scanned = 0;
                if (_input.Available == 0) return false;
                _lineNumber++;
                if (TakeLine(_input.Available, terminatorLength: 0)) return true;
                return false;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failed = true;
            throw;
        }
    }

    public ValueTask DisposeAsync() => _input.DisposeAsync();

    /// <summary>Consumes one line; true when it holds a record (now in <see cref="Current"/>), false for a skipped empty line.</summary>
    private bool TakeLine(int lineLength, int terminatorLength)
    {
        var recordLength = lineLength > 0 && _input.Buffer[_input.Start + lineLength - 1] == (byte)'\r' ? lineLength - 1 : lineLength;
        if (recordLength > _options.MaxRecordSize) throw TooLong(_lineNumber);
        var record = _input.Buffer.AsMemory(_input.Start, recordLength);
        var position = _input.Position;
        _input.Consume(lineLength + terminatorLength);
        if (recordLength == 0) return false;
        if (_options.ValidateJson && JsonRecordValidator.Check(record.Span) is { } problem)
        {
            throw new StorageException(StorageErrorCode.Integrity,
                $"NDJSON line {_lineNumber} (record {RecordsRead}) at offset {position} is not a single JSON value: {problem}");
        }

        Current = record;
        RecordsRead++;
        return true;
    }

    private StorageException TooLong(long lineNumber) => new(StorageErrorCode.Integrity,
        $"NDJSON line {lineNumber} (record {RecordsRead}) at offset {_input.Position} is longer than the {_options.MaxRecordSize}-byte record limit.");
}
