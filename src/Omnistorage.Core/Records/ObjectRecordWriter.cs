namespace Omnistorage.Records;

/// <summary>
/// Writes records into one object. <see cref="CompleteAsync"/> ends the framing and compression, commits the object and
/// describes it; disposing the writer without completing it aborts the write, so nothing becomes visible (for an
/// append, nothing is added). Failures are <see cref="StorageException"/>s naming the backend and path. Not thread-safe.
/// </summary>
public sealed class ObjectRecordWriter : IRecordWriter
{
    private readonly string _backend;
    private readonly ObjectWriteStream _object;
    private readonly DetachableWriteStream _gate;
    private readonly IRecordWriter _records;
    private bool _finished;

    private ObjectRecordWriter(string backend, ObjectWriteStream objectStream, DetachableWriteStream gate, IRecordWriter records)
    {
        _backend = backend;
        _object = objectStream;
        _gate = gate;
        _records = records;
    }

    /// <summary>The backend-relative path being written.</summary>
    public string Path => _object.Path;

    public long RecordsWritten => _records.RecordsWritten;

    /// <summary>The committed object, once <see cref="CompleteAsync"/> has succeeded.</summary>
    public ObjectInfo? Result { get; private set; }

    /// <summary>Wraps an open object write stream; <paramref name="options"/> must already be validated, so only the unexpected can fail here.</summary>
    internal static async ValueTask<ObjectRecordWriter> CreateAsync(string backend, ObjectWriteStream objectStream, RecordStreamOptions options)
    {
        var gate = new DetachableWriteStream(objectStream);
        try
        {
            var records = RecordStreams.CreateWriter(gate, options with { LeaveOpen = true });
            return new ObjectRecordWriter(backend, objectStream, gate, records);
        }
        catch
        {
            await objectStream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        try
        {
            await _records.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not InvalidOperationException)
        {
            throw StorageErrors.Wrap(ex, _backend, Path, "write records to");
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        try
        {
            await _records.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not InvalidOperationException)
        {
            throw StorageErrors.Wrap(ex, _backend, Path, "write records to");
        }
    }

    /// <summary>
    /// Writes the buffered records, ends the compression layer (gzip trailer, zstd frame end), commits the object and
    /// returns its description. On failure the write is aborted and nothing becomes visible.
    /// </summary>
    public async ValueTask<ObjectInfo> CompleteAsync(CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        _finished = true;
        try
        {
            await _records.DisposeAsync().ConfigureAwait(false);
            Result = await _object.CommitAsync(cancellationToken).ConfigureAwait(false);
            return Result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not InvalidOperationException)
        {
            await _object.AbortAsync().ConfigureAwait(false);
            throw StorageErrors.Wrap(ex, _backend, Path, "complete the record write to");
        }
        catch
        {
            await _object.AbortAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            await _object.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Aborts the write unless <see cref="CompleteAsync"/> was called; nothing becomes visible.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_finished) return;
        _finished = true;
        // Detaching first lets the record writer release its buffer and compressor without pushing bytes into a write
        // that is being thrown away.
        _gate.Detach();
        try
        {
            await _records.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _object.AbortAsync().ConfigureAwait(false);
            await _object.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void EnsureOpen()
    {
        if (_finished) throw new InvalidOperationException($"The record writer for '{Path}' has already been completed or disposed.");
    }
}

/// <summary>
/// Passes writes through to an object write stream until detached, then drops them: an abandoned record writer can
/// then be disposed (flushing its buffer and compressor) without touching the aborted object.
/// </summary>
internal sealed class DetachableWriteStream(Stream inner) : Stream
{
    private bool _detached;

    public void Detach() => _detached = true;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_detached) inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _detached ? ValueTask.CompletedTask : inner.WriteAsync(buffer, cancellationToken);

    public override void Flush()
    {
        if (!_detached) inner.Flush();
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _detached ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
