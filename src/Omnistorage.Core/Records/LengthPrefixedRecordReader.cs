using System.Buffers.Binary;

namespace Omnistorage.Records;

/// <summary>
/// Reads binary frames written by <see cref="LengthPrefixedRecordWriter"/>: a 4-byte big-endian unsigned length, then
/// the payload. A stream that ends inside a header or a payload is <see cref="StorageErrorCode.Integrity"/>, and so is
/// a declared length over <see cref="LengthPrefixedOptions.MaxRecordSize"/>, reported before any buffer of that size
/// is allocated. A stream ending exactly after a frame ends cleanly. Not thread-safe.
/// </summary>
public sealed class LengthPrefixedRecordReader : IRecordReader
{
    private const int HeaderSize = LengthPrefixedRecordWriter.HeaderSize;
    private readonly RecordInput _input;
    private readonly LengthPrefixedOptions _options;
    private bool _failed;

    public LengthPrefixedRecordReader(Stream stream, LengthPrefixedOptions? options = null)
    {
        _options = options ?? LengthPrefixedOptions.Default;
        if (_options.MaxRecordSize < 1) throw new StorageException(StorageErrorCode.InvalidArgument, $"MaxRecordSize must be at least 1 byte, not {_options.MaxRecordSize}.");
        _input = new RecordInput(stream, _options.LeaveOpen, _options.MaxRecordSize);
    }

    public ReadOnlyMemory<byte> Current { get; private set; }

    public long RecordsRead { get; private set; }

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_failed) throw new InvalidOperationException("An earlier read failed; the rest of the record stream cannot be trusted.");
        Current = default;
        try
        {
            var frameOffset = _input.Position;
            if (!await _input.EnsureAsync(HeaderSize, cancellationToken).ConfigureAwait(false))
            {
                if (_input.Available == 0) return false;
                throw new StorageException(StorageErrorCode.Integrity,
                    $"Truncated frame at record {RecordsRead}, offset {frameOffset}: the stream ends after {_input.Available} of the 4 header bytes.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(_input.Unconsumed);
            if (length > (uint)_options.MaxRecordSize)
            {
                throw new StorageException(StorageErrorCode.Integrity,
                    $"Frame at record {RecordsRead}, offset {frameOffset} declares {length} bytes, over the {_options.MaxRecordSize}-byte record limit; the data is corrupt or not length-prefixed.");
            }

            _input.Consume(HeaderSize);
            var payloadLength = (int)length;
            if (!await _input.EnsureAsync(payloadLength, cancellationToken).ConfigureAwait(false))
            {
                throw new StorageException(StorageErrorCode.Integrity,
                    $"Truncated frame at record {RecordsRead}, offset {frameOffset}: {payloadLength} payload bytes declared, the stream ends after {_input.Available}.");
            }

            Current = _input.Buffer.AsMemory(_input.Start, payloadLength);
            _input.Consume(payloadLength);
            RecordsRead++;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failed = true;
            throw;
        }
    }

    public ValueTask DisposeAsync() => _input.DisposeAsync();
}
