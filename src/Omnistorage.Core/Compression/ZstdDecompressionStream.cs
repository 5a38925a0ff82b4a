using ZstdSharp;

namespace Omnistorage.Compression;

/// <summary>
/// Reads zstd data, including several frames one after another (what appending produces), and reports damage as
/// <see cref="StorageErrorCode.Integrity"/>: ZstdSharp signals corrupt input with <see cref="ZstdException"/> and input
/// that stops inside a frame with <see cref="EndOfStreamException"/>.
/// </summary>
internal sealed class ZstdDecompressionStream : Stream
{
    private readonly DecompressionStream _inner;
    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private bool _disposed;

    public ZstdDecompressionStream(Stream source, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _leaveOpen = leaveOpen;
        _inner = new DecompressionStream(source, bufferSize: 0, checkEndOfStream: true, leaveOpen: true);
    }

    public override bool CanRead => !_disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException("A zstd stream has no known length.");

    public override long Position
    {
        get => throw new NotSupportedException("A zstd stream cannot seek.");
        set => throw new NotSupportedException("A zstd stream cannot seek.");
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _inner.Read(buffer);
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            throw Damaged(ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            throw Damaged(ex);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A zstd stream cannot seek.");
    public override void SetLength(long value) => throw new NotSupportedException("A zstd stream cannot change length.");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A zstd decompression stream cannot be written.");

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _inner.DisposeAsync().ConfigureAwait(false);
        if (!_leaveOpen) await _source.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _inner.Dispose();
            if (!_leaveOpen) _source.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool IsDamage(Exception exception) => exception is ZstdException or EndOfStreamException or InvalidDataException;

    private static StorageException Damaged(Exception exception) => exception is EndOfStreamException
        ? new StorageException(StorageErrorCode.Integrity, "The zstd data is truncated: it ends inside a frame.", innerException: exception)
        : new StorageException(StorageErrorCode.Integrity, $"The zstd data is corrupt: {exception.Message}", innerException: exception);
}
