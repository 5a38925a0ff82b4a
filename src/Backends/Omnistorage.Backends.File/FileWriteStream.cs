using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Omnistorage.Backends.File;

/// <summary>
/// Writes an object into a temporary file beside its destination and renames it into place on commit, so readers see
/// either the old object or the whole new one. Aborting (explicitly, by disposing without commit, after a fault or a
/// cancelled open token) deletes the temporary file.
/// <para>
/// The file is written through a bare <see cref="SafeFileHandle"/> with <see cref="RandomAccess"/>: writes at least
/// as large as the internal buffer go straight to the operating system, smaller ones are gathered in a pooled buffer
/// (rented only when a small write arrives), so large sequential writes cost what a raw <see cref="FileStream"/> costs
/// and byte-at-a-time writers do not make a system call per byte.
/// </para>
/// </summary>
internal sealed class FileWriteStream : ObjectWriteStream
{
    private const int BufferSize = 64 * 1024;

    private readonly SafeFileHandle _handle;
    private readonly string _temporaryPath;
    private readonly string _destinationPath;
    private long _fileOffset;
    private byte[]? _buffer;
    private int _buffered;

    /// <param name="path">The backend-relative path, for results and errors.</param>
    /// <param name="options">The caller's write options.</param>
    /// <param name="openToken">The token given to OpenWrite; cancelling it aborts the write.</param>
    /// <param name="handle">The open temporary file, positioned nowhere (writes use explicit offsets).</param>
    /// <param name="temporaryPath">The temporary file's local path.</param>
    /// <param name="destinationPath">The local path the file is renamed to on commit.</param>
    /// <param name="startOffset">Where the new bytes start: 0 for a write, the old length for an append.</param>
    public FileWriteStream(string path, WriteOptions options, CancellationToken openToken, SafeFileHandle handle, string temporaryPath,
        string destinationPath, long startOffset)
        : base(path, options, openToken)
    {
        _handle = handle;
        _temporaryPath = temporaryPath;
        _destinationPath = destinationPath;
        _fileOffset = startOffset;
    }

    protected override void WriteCore(ReadOnlySpan<byte> buffer)
    {
        try
        {
            if (buffer.IsEmpty) return;
            if (_buffered > 0)
            {
                if (_buffered + buffer.Length <= BufferSize)
                {
                    buffer.CopyTo(_buffer.AsSpan(_buffered));
                    _buffered += buffer.Length;
                    return;
                }

                FlushBuffer();
            }

            if (buffer.Length >= BufferSize)
            {
                RandomAccess.Write(_handle, buffer, _fileOffset);
                _fileOffset += buffer.Length;
                return;
            }

            _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
            buffer.CopyTo(_buffer);
            _buffered = buffer.Length;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw FileErrors.Wrap(ex, Path, "write");
        }
    }

    protected override async ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            if (buffer.IsEmpty) return;
            if (_buffered > 0)
            {
                if (_buffered + buffer.Length <= BufferSize)
                {
                    buffer.Span.CopyTo(_buffer.AsSpan(_buffered));
                    _buffered += buffer.Length;
                    return;
                }

                await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
            }

            if (buffer.Length >= BufferSize)
            {
                await RandomAccess.WriteAsync(_handle, buffer, _fileOffset, cancellationToken).ConfigureAwait(false);
                _fileOffset += buffer.Length;
                return;
            }

            _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
            buffer.Span.CopyTo(_buffer);
            _buffered = buffer.Length;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw FileErrors.Wrap(ex, Path, "write");
        }
    }

    protected override async ValueTask<ObjectInfo> CommitCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
            DateTime lastWriteUtc;
            if (Options.LastModified is { } requested)
            {
                // Set through the handle, before the rename, so the object never appears with the wrong time.
                lastWriteUtc = requested.UtcDateTime;
                System.IO.File.SetLastWriteTimeUtc(_handle, lastWriteUtc);
            }
            else
            {
                lastWriteUtc = System.IO.File.GetLastWriteTimeUtc(_handle);
            }

            _handle.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                System.IO.File.Move(_temporaryPath, _destinationPath, Options.Overwrite);
            }
            catch (IOException ex) when (!Options.Overwrite && FileErrors.IsAlreadyExists(ex))
            {
                throw StorageException.AlreadyExists(Path, FileErrors.BackendName, ex);
            }

            return new ObjectInfo { Path = Path, Size = _fileOffset, LastModified = new DateTimeOffset(lastWriteUtc, TimeSpan.Zero) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw FileErrors.Wrap(ex, Path, "commit");
        }
    }

    protected override ValueTask AbortCoreAsync()
    {
        _handle.Dispose();
        System.IO.File.Delete(_temporaryPath);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask DisposeCoreAsync()
    {
        _handle.Dispose();
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        return ValueTask.CompletedTask;
    }

    private void FlushBuffer()
    {
        if (_buffered == 0) return;
        RandomAccess.Write(_handle, _buffer.AsSpan(0, _buffered), _fileOffset);
        _fileOffset += _buffered;
        _buffered = 0;
    }

    private async ValueTask FlushBufferAsync(CancellationToken cancellationToken)
    {
        if (_buffered == 0) return;
        await RandomAccess.WriteAsync(_handle, _buffer.AsMemory(0, _buffered), _fileOffset, cancellationToken).ConfigureAwait(false);
        _fileOffset += _buffered;
        _buffered = 0;
    }
}
