using System.Buffers.Binary;

namespace Omnistorage.Records;

/// <summary>
/// Writes binary frames: a 4-byte big-endian unsigned length, then that many bytes. Any bytes are a valid record,
/// including none; a record over <see cref="LengthPrefixedOptions.MaxRecordSize"/> is refused with
/// <see cref="StorageErrorCode.InvalidArgument"/> and nothing is written. Frames are buffered (64 KiB) and reach the
/// stream in large writes. Not thread-safe.
/// </summary>
public sealed class LengthPrefixedRecordWriter : IRecordWriter
{
    internal const int HeaderSize = 4;
    private readonly RecordOutput _output;
    private readonly LengthPrefixedOptions _options;
    private readonly byte[] _header = new byte[HeaderSize];

    public LengthPrefixedRecordWriter(Stream stream, LengthPrefixedOptions? options = null)
    {
        _options = options ?? LengthPrefixedOptions.Default;
        if (_options.MaxRecordSize < 1) throw new StorageException(StorageErrorCode.InvalidArgument, $"MaxRecordSize must be at least 1 byte, not {_options.MaxRecordSize}.");
        _output = new RecordOutput(stream, _options.LeaveOpen);
    }

    public long RecordsWritten { get; private set; }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        _output.EnsureUsable();
        cancellationToken.ThrowIfCancellationRequested();
        if (record.Length > _options.MaxRecordSize)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument,
                $"Record {RecordsWritten} is {record.Length} bytes, over the {_options.MaxRecordSize}-byte limit. Nothing was written for it.");
        }

        BinaryPrimitives.WriteUInt32BigEndian(_header, (uint)record.Length);
        if (_output.TryAppend(_header, record.Span))
        {
            RecordsWritten++;
            return ValueTask.CompletedTask;
        }

        return WriteSlowAsync(record, cancellationToken);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _output.FlushAsync(cancellationToken);

    /// <summary>Writes the buffered frames and disposes the stream unless it is left open.</summary>
    public ValueTask DisposeAsync() => _output.DisposeAsync();

    private async ValueTask WriteSlowAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        await _output.AppendAsync(_header, record, cancellationToken).ConfigureAwait(false);
        RecordsWritten++;
    }
}
