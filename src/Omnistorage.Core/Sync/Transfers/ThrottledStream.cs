namespace Omnistorage.Sync.Transfers;

/// <summary>
/// A pass-through stream that charges reads to the download side and writes to the upload side of a
/// <see cref="BandwidthLimiter"/>. Created by <see cref="BandwidthLimiter.Wrap"/>; disposing it disposes the inner stream.
/// </summary>
internal sealed class ThrottledStream : Stream
{
    private readonly Stream _inner;
    private readonly BandwidthLimiter _limiter;

    public ThrottledStream(Stream inner, BandwidthLimiter limiter)
    {
        _inner = inner;
        _limiter = limiter;
    }

    public override bool CanRead => _inner.CanRead;
    public override bool CanSeek => _inner.CanSeek;
    public override bool CanWrite => _inner.CanWrite;
    public override bool CanTimeout => _inner.CanTimeout;
    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override int ReadTimeout
    {
        get => _inner.ReadTimeout;
        set => _inner.ReadTimeout = value;
    }

    public override int WriteTimeout
    {
        get => _inner.WriteTimeout;
        set => _inner.WriteTimeout = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    // Reads ask the inner stream for at most one piece, then wait for the bytes actually read. Waiting after the read
    // (rather than before) charges exactly what arrived, including short reads and end of stream, and holding the
    // caller back is what slows the sender down through the transport's flow control.
    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer[..Math.Min(buffer.Length, _limiter.CurrentPieceBytes(BandwidthDirection.Download))]);
        if (read > 0) WaitSynchronously(BandwidthDirection.Download, read);
        return read;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    // When the wait is cancelled the bytes just read are not returned; a cancelled transfer abandons the stream anyway.
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var piece = Math.Min(buffer.Length, _limiter.CurrentPieceBytes(BandwidthDirection.Download));
        var read = await _inner.ReadAsync(buffer[..piece], cancellationToken).ConfigureAwait(false);
        if (read > 0) await _limiter.WaitAsync(BandwidthDirection.Download, read, cancellationToken).ConfigureAwait(false);
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    // Writes go out piece by piece, each after its wait, so a large buffer leaves at the limited rate instead of waiting
    // for its whole allowance and then bursting.
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var piece = Math.Min(buffer.Length, _limiter.CurrentPieceBytes(BandwidthDirection.Upload));
            WaitSynchronously(BandwidthDirection.Upload, piece);
            _inner.Write(buffer[..piece]);
            buffer = buffer[piece..];
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
        while (!buffer.IsEmpty)
        {
            var piece = Math.Min(buffer.Length, _limiter.CurrentPieceBytes(BandwidthDirection.Upload));
            await _limiter.WaitAsync(BandwidthDirection.Upload, piece, cancellationToken).ConfigureAwait(false);
            await _inner.WriteAsync(buffer[..piece], cancellationToken).ConfigureAwait(false);
            buffer = buffer[piece..];
        }
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => _inner.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private void WaitSynchronously(BandwidthDirection direction, int bytes)
    {
        var wait = _limiter.WaitAsync(direction, bytes, CancellationToken.None);
        if (!wait.IsCompletedSuccessfully) wait.AsTask().GetAwaiter().GetResult();
    }
}
