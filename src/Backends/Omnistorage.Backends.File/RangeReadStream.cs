namespace Omnistorage.Backends.File;

/// <summary>
/// A read-only view of <c>[start, start + length)</c> of a seekable stream, presented as a stream of its own: position
/// 0 is <c>start</c>, <see cref="Length"/> is the range's length, and reads stop at the end of the range. Every read
/// is passed to the inner stream in one call, clamped to what is left, so wrapping costs nothing per byte.
/// Disposing the view disposes the inner stream.
/// </summary>
internal sealed class RangeReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _start;
    private readonly long _length;
    private long _position;

    /// <param name="inner">A seekable stream already positioned at <paramref name="start"/>.</param>
    /// <param name="start">The absolute offset of the range in <paramref name="inner"/>.</param>
    /// <param name="length">The number of bytes in the range.</param>
    public RangeReadStream(Stream inner, long start, long length)
    {
        _inner = inner;
        _start = start;
        _length = length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        var wanted = Clamp(buffer.Length);
        if (wanted == 0) return 0;
        var read = _inner.Read(buffer[..wanted]);
        _position += read;
        return read;
    }

    public override int ReadByte()
    {
        if (_position >= _length) return -1;
        var value = _inner.ReadByte();
        if (value >= 0) _position++;
        return value;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = Clamp(buffer.Length);
        if (wanted == 0) return 0;
        var read = await _inner.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0) throw new IOException("Cannot seek before the start of the range.");

        // Seeking past the end is allowed, as on any stream; reads there return nothing.
        _inner.Seek(_start + target, SeekOrigin.Begin);
        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("A range of an object is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A range of an object is read-only.");

    public override ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _inner.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    private int Clamp(int requested)
    {
        var remaining = _length - _position;
        return remaining <= 0 ? 0 : (int)Math.Min(requested, remaining);
    }
}
