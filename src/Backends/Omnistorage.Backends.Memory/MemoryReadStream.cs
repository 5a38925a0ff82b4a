namespace Omnistorage.Backends.Memory;

/// <summary>
/// A read-only, seekable stream over a range of one object's committed content. The content is immutable, so the
/// stream is a snapshot: overwriting or deleting the object while the stream is open does not change what it returns.
/// </summary>
internal sealed class MemoryReadStream : Stream
{
    private readonly MemoryContent _content;
    private readonly long _start;
    private readonly long _length;
    private long _position;
    private bool _disposed;

    /// <summary>Exposes <paramref name="length"/> bytes of <paramref name="content"/> from <paramref name="start"/>; the caller has clamped both to the content.</summary>
    public MemoryReadStream(MemoryContent content, long start, long length)
    {
        _content = content;
        _start = start;
        _length = length;
    }

    public override bool CanRead => !_disposed;
    public override bool CanSeek => !_disposed;
    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _length;
        }
    }

    public override long Position
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _position;
        }
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var available = _length - _position;
        if (available <= 0 || buffer.IsEmpty) return 0;
        var count = (int)Math.Min(buffer.Length, available);
        var copied = _content.CopyTo(_start + _position, buffer[..count]);
        _position += copied;
        return copied;
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

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<int>(cancellationToken);
        return ValueTask.FromResult(Read(buffer.Span));
    }

    /// <summary>Writes the remaining bytes straight from the stored chunks, without an intermediate buffer.</summary>
    public override void CopyTo(Stream destination, int bufferSize)
    {
        ValidateCopyToArguments(destination, bufferSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var segment in _content.GetSegments(_start + _position, _length - _position))
        {
            destination.Write(segment.Span);
            _position += segment.Length;
        }
    }

    /// <summary>Writes the remaining bytes straight from the stored chunks, without an intermediate buffer.</summary>
    public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        ValidateCopyToArguments(destination, bufferSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var segment in _content.GetSegments(_start + _position, _length - _position))
        {
            await destination.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            _position += segment.Length;
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0) throw new IOException("Cannot seek before the start of the stream.");
        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("Memory read streams are read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Memory read streams are read-only.");

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}
