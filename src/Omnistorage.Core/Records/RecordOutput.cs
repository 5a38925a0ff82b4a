using System.Buffers;

namespace Omnistorage.Records;

/// <summary>
/// The buffered output both record writers share. Records are copied into one pooled buffer and reach the stream in
/// buffer-sized writes, so a compression layer sees a few large writes instead of two tiny ones per record; a record
/// bigger than the buffer goes straight to the stream after the buffered bytes.
/// </summary>
internal sealed class RecordOutput
{
    internal const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer;
    private int _count;
    private bool _faulted;
    private bool _disposed;

    public RecordOutput(Stream stream, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The record stream must be writable.", nameof(stream));
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>Throws when the writer can no longer accept records.</summary>
    public void EnsureUsable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_faulted) throw new InvalidOperationException("An earlier write failed; the record stream is incomplete and accepts no more records.");
    }

    /// <summary>Copies <paramref name="first"/> then <paramref name="second"/> into the buffer when both fit; false (copying nothing) otherwise.</summary>
    public bool TryAppend(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var free = _buffer.Length - _count;
        if (first.Length + second.Length > free) return false;
        first.CopyTo(_buffer.AsSpan(_count));
        _count += first.Length;
        second.CopyTo(_buffer.AsSpan(_count));
        _count += second.Length;
        return true;
    }

    /// <summary>Copies <paramref name="record"/> and then <paramref name="terminator"/> into the buffer when both fit; false (copying nothing) otherwise.</summary>
    public bool TryAppend(ReadOnlySpan<byte> record, byte terminator)
    {
        var count = _count;
        if (record.Length >= _buffer.Length - count) return false;
        record.CopyTo(_buffer.AsSpan(count));
        count += record.Length;
        _buffer[count] = terminator;
        _count = count + 1;
        return true;
    }

    /// <summary>The slow path of <see cref="TryAppend(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>: flushes the buffer as needed and writes pieces too large to buffer directly.</summary>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second, CancellationToken cancellationToken)
    {
        try
        {
            await AppendPieceAsync(first, cancellationToken).ConfigureAwait(false);
            await AppendPieceAsync(second, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>Writes the buffered bytes and flushes the stream.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        EnsureUsable();
        try
        {
            await WriteBufferAsync(cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>
    /// Writes what is buffered and disposes the stream (or only flushes it when left open). After a failed write the
    /// buffered bytes are dropped and only the clean-up runs, swallowing its errors: the caller already saw the failure.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_faulted)
            {
                try
                {
                    await WriteBufferAsync(CancellationToken.None).ConfigureAwait(false);
                    if (_leaveOpen) await _stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch
                {
                    _faulted = true;
                    await DisposeStreamQuietlyAsync().ConfigureAwait(false);
                    throw;
                }

                if (!_leaveOpen) await _stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await DisposeStreamQuietlyAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private async ValueTask DisposeStreamQuietlyAsync()
    {
        if (_leaveOpen) return;
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The failure that broke the writer is what the caller sees; a second error from the same broken stream adds nothing.
        }
    }

    private async ValueTask AppendPieceAsync(ReadOnlyMemory<byte> piece, CancellationToken cancellationToken)
    {
        if (piece.Length <= _buffer.Length - _count)
        {
            piece.Span.CopyTo(_buffer.AsSpan(_count));
            _count += piece.Length;
            return;
        }

        await WriteBufferAsync(cancellationToken).ConfigureAwait(false);
        if (piece.Length < _buffer.Length)
        {
            piece.Span.CopyTo(_buffer);
            _count = piece.Length;
        }
        else
        {
            await _stream.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask WriteBufferAsync(CancellationToken cancellationToken)
    {
        if (_count == 0) return;
        var count = _count;
        _count = 0;
        await _stream.WriteAsync(_buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
    }
}
