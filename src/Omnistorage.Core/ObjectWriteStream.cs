using System.Buffers;

namespace Omnistorage;

/// <summary>
/// A write-only stream for one object whose content becomes visible only when <see cref="CommitAsync"/> succeeds.
/// <para>
/// This base class owns the life cycle every backend must honour: writes after a fault, abort or commit throw; a write
/// that throws marks the stream faulted; commit checks the declared <see cref="WriteOptions.Size"/>; disposing an
/// uncommitted stream aborts it (or commits it when <see cref="WriteOptions.CommitOnDispose"/> is set and nothing went
/// wrong); cancellation of the token given to OpenWrite aborts. Backends implement only the <c>*Core</c> members.
/// </para>
/// </summary>
public abstract class ObjectWriteStream : Stream
{
    private readonly CancellationToken _openToken;
    private WriteState _state;
    private bool _disposed;

    protected ObjectWriteStream(string path, WriteOptions options, CancellationToken openToken)
    {
        Path = path;
        Options = options ?? WriteOptions.Default;
        _openToken = openToken;
    }

    private enum WriteState { Open, Committed, Aborted, Faulted }

    /// <summary>The backend-relative path being written.</summary>
    public string Path { get; }

    public WriteOptions Options { get; }

    /// <summary>Bytes accepted so far.</summary>
    public long BytesWritten { get; private set; }

    public bool IsCommitted => _state == WriteState.Committed;

    /// <summary>The committed object's description, once <see cref="CommitAsync"/> has succeeded.</summary>
    public ObjectInfo? Result { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => _state == WriteState.Open;
    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException("Object write streams cannot seek.");
    }

    /// <summary>Makes the written content visible at <see cref="Path"/>, replacing any old object atomically.</summary>
    public async ValueTask<ObjectInfo> CommitAsync(CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        try
        {
            _openToken.ThrowIfCancellationRequested();
            cancellationToken.ThrowIfCancellationRequested();
            if (Options.Size >= 0 && Options.Size != BytesWritten)
            {
                throw new StorageException(StorageErrorCode.Integrity,
                    $"Expected {Options.Size} bytes for '{Path}' but {BytesWritten} were written; the object was not committed.",
                    path: Path);
            }

            var info = await CommitCoreAsync(cancellationToken).ConfigureAwait(false);
            Result = info;
            _state = WriteState.Committed;
            return info;
        }
        catch
        {
            await AbortCoreSafelyAsync().ConfigureAwait(false);
            _state = WriteState.Aborted;
            throw;
        }
    }

    /// <summary>Discards everything written. Idempotent; does nothing after a successful commit.</summary>
    public async ValueTask AbortAsync()
    {
        if (_state is WriteState.Open or WriteState.Faulted)
        {
            _state = WriteState.Aborted;
            await AbortCoreSafelyAsync().ConfigureAwait(false);
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureWritable();
        try
        {
            _openToken.ThrowIfCancellationRequested();
            WriteCore(buffer);
            BytesWritten += buffer.Length;
        }
        catch
        {
            _state = WriteState.Faulted;
            throw;
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        try
        {
            _openToken.ThrowIfCancellationRequested();
            cancellationToken.ThrowIfCancellationRequested();
            await WriteCoreAsync(buffer, cancellationToken).ConfigureAwait(false);
            BytesWritten += buffer.Length;
        }
        catch
        {
            _state = WriteState.Faulted;
            throw;
        }
    }

    /// <summary>Flushing pushes buffered bytes towards the service but never commits.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Object write streams cannot be read.");
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("Object write streams cannot seek.");
    public override void SetLength(long value) => throw new NotSupportedException("Object write streams cannot change length.");

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (_state == WriteState.Open && Options.CommitOnDispose && !_openToken.IsCancellationRequested)
            {
                await CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await AbortAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await DisposeCoreAsync().ConfigureAwait(false);
            GC.SuppressFinalize(this);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    /// <summary>Accepts bytes. Called only while the stream is open.</summary>
    protected abstract ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Synchronous write; the default rents a buffer and waits on <see cref="WriteCoreAsync"/>. Override when the backend has a cheaper synchronous path.</summary>
    protected virtual void WriteCore(ReadOnlySpan<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.CopyTo(rented);
            WriteCoreAsync(rented.AsMemory(0, buffer.Length), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Publishes the object atomically and describes it.</summary>
    protected abstract ValueTask<ObjectInfo> CommitCoreAsync(CancellationToken cancellationToken);

    /// <summary>Removes every trace of the uncommitted write. Must not throw for an already-clean state.</summary>
    protected abstract ValueTask AbortCoreAsync();

    /// <summary>Releases resources after commit or abort.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    private async ValueTask AbortCoreSafelyAsync()
    {
        try
        {
            await AbortCoreAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Abort is best-effort cleanup after another failure (or an explicit discard); the original outcome is what
            // the caller must see. Backends log their own cleanup failures.
        }
    }

    private void EnsureWritable()
    {
        switch (_state)
        {
            case WriteState.Committed:
                throw new InvalidOperationException($"The write to '{Path}' has already been committed.");
            case WriteState.Aborted:
                throw new InvalidOperationException($"The write to '{Path}' was aborted (explicitly, or after a failed commit).");
            case WriteState.Faulted:
                throw new InvalidOperationException($"An earlier failure aborted the write to '{Path}'.");
        }
    }
}
