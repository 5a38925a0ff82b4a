using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Omnistorage.Compression;

/// <summary>
/// Reads gzip data (RFC 1952), including several members one after another, which is what appending to a gzip object
/// produces. <see cref="GZipStream"/> alone is not enough: it returns end-of-stream, without an error, when the data stops
/// in the middle of a member, so a truncated object would read as a shorter valid one. This reader parses each member
/// header itself, inflates the body with a raw <see cref="DeflateStream"/>, and checks the member trailer (CRC-32 and
/// length) itself, which lets it tell a complete member from a truncated one.
/// <para>
/// A raw <see cref="DeflateStream"/> never reports how much of its input it consumed, so the trailer's position is
/// found this way: the inflater is fed pieces of at most 16 KiB and asks for the next piece
/// only when it has used up the last one without finishing. When it finishes, the end of the deflate data therefore
/// lies in the last piece it received (or at the start of it), and the trailer is the 8 bytes at the first position
/// there whose CRC-32 and length match the inflated data and that are followed by the end of the data or by another
/// member. When the inflater asks for more input after the source has ended, the member is truncated.
/// </para>
/// </summary>
internal sealed class GzipDecompressionStream : Stream
{
    private const int InputBufferSize = 64 * 1024;
    private const int MaxPieceSize = 16 * 1024;
    private const int HeaderSize = 10;
    private const int TrailerSize = 8;
    private const byte FlagHeaderCrc = 0x02;
    private const byte FlagExtra = 0x04;
    private const byte FlagName = 0x08;
    private const byte FlagComment = 0x10;
    private const byte ReservedFlags = 0xE0;

    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly InflaterInput _inflaterInput;
    private byte[] _input;
    private int _position;
    private int _end;
    private long _inputOffset;
    private bool _sourceEnded;

    // While a member is being inflated: where the last two pieces handed to the inflater start. Compaction keeps every
    // byte from _previousPieceStart on, because the trailer search needs them.
    private bool _inMemberBody;
    private int _previousPieceStart;
    private int _lastPieceStart;
    private bool _inflaterStarved;

    private DeflateStream? _inflater;
    private State _state = State.BetweenMembers;
    private long _memberOffset;
    private int _membersRead;
    private uint _crc;
    private long _memberLength;

    public GzipDecompressionStream(Stream source, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead) throw new ArgumentException("The gzip source stream must be readable.", nameof(source));
        _source = source;
        _leaveOpen = leaveOpen;
        _input = ArrayPool<byte>.Shared.Rent(InputBufferSize);
        _inflaterInput = new InflaterInput(this);
    }

    private enum State { BetweenMembers, InMember, Ended, Failed, Disposed }

    public override bool CanRead => _state != State.Disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException("A gzip stream has no known length.");

    public override long Position
    {
        get => throw new NotSupportedException("A gzip stream cannot seek.");
        set => throw new NotSupportedException("A gzip stream cannot seek.");
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadCoreAsync(buffer.AsMemory(offset, count), useAsync: false, CancellationToken.None).GetAwaiter().GetResult();
    }

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = ReadCoreAsync(rented.AsMemory(0, buffer.Length), useAsync: false, CancellationToken.None).GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadCoreAsync(buffer.AsMemory(offset, count), useAsync: true, cancellationToken).AsTask();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, useAsync: true, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A gzip stream cannot seek.");
    public override void SetLength(long value) => throw new NotSupportedException("A gzip stream cannot change length.");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A gzip decompression stream cannot be written.");

    public override async ValueTask DisposeAsync()
    {
        if (_state == State.Disposed) return;
        ReleaseBuffers();
        if (!_leaveOpen) await _source.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _state != State.Disposed)
        {
            ReleaseBuffers();
            if (!_leaveOpen) _source.Dispose();
        }

        base.Dispose(disposing);
    }

    private void ReleaseBuffers()
    {
        _state = State.Disposed;
        _inflater?.Dispose();
        _inflater = null;
        ArrayPool<byte>.Shared.Return(_input);
        _input = [];
    }

    // One body for both the synchronous and the asynchronous read: with useAsync false every await below completes
    // synchronously, so the synchronous callers never block on asynchronous work.
    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken)
    {
        switch (_state)
        {
            case State.Disposed:
                throw new ObjectDisposedException(nameof(GzipDecompressionStream));
            case State.Failed:
                throw new InvalidOperationException("The gzip stream already failed; its remaining content cannot be trusted.");
        }

        if (buffer.IsEmpty) return 0;
        try
        {
            while (true)
            {
                switch (_state)
                {
                    case State.Ended:
                        return 0;
                    case State.BetweenMembers:
                        if (!await StartMemberAsync(useAsync, cancellationToken).ConfigureAwait(false))
                        {
                            _state = State.Ended;
                            return 0;
                        }

                        _state = State.InMember;
                        break;
                    default:
                        int read;
                        try
                        {
                            read = useAsync
                                ? await _inflater!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)
                                : _inflater!.Read(buffer.Span);
                        }
                        catch (InvalidDataException ex)
                        {
                            throw new StorageException(StorageErrorCode.Integrity,
                                $"The gzip data is corrupt in the member that starts at compressed offset {_memberOffset}: {ex.Message}", innerException: ex);
                        }

                        if (read > 0)
                        {
                            _crc = Crc32.Append(_crc, buffer.Span[..read]);
                            _memberLength += read;
                            return read;
                        }

                        await FinishMemberAsync(useAsync, cancellationToken).ConfigureAwait(false);
                        _state = State.BetweenMembers;
                        break;
                }
            }
        }
        catch (Exception) when (_state != State.Disposed)
        {
            _state = State.Failed;
            throw;
        }
    }

    /// <summary>Parses the next member header; false when the data ends cleanly between members.</summary>
    private async ValueTask<bool> StartMemberAsync(bool useAsync, CancellationToken cancellationToken)
    {
        if (_position == _end && !await FillAsync(useAsync, cancellationToken).ConfigureAwait(false)) return false;
        _memberOffset = _inputOffset + _position;
        var complete = await EnsureAvailableAsync(HeaderSize, useAsync, cancellationToken).ConfigureAwait(false);
        var available = _input.AsSpan(_position, _end - _position);
        var magicSeen = Math.Min(available.Length, 2);
        if (!available[..magicSeen].SequenceEqual(stackalloc byte[] { 0x1F, 0x8B }[..magicSeen]))
        {
            throw new StorageException(StorageErrorCode.Integrity, _membersRead == 0
                ? "The data is not gzip-compressed (it does not start with the gzip signature 1F 8B)."
                : $"Unexpected data after the gzip member that ended at compressed offset {_memberOffset}: it is not another gzip member.");
        }

        if (!complete) throw TruncatedHeader();
        if (available[2] != 8)
        {
            throw new StorageException(StorageErrorCode.Integrity,
                $"The gzip member at compressed offset {_memberOffset} uses compression method {available[2]}; only 8 (deflate) exists.");
        }

        // FTEXT (0x01) is only a hint about the content and changes nothing in decoding.
        var flags = available[3];
        if ((flags & ReservedFlags) != 0)
        {
            throw new StorageException(StorageErrorCode.Integrity, $"The gzip member at compressed offset {_memberOffset} sets reserved header flags (0x{flags:X2}).");
        }

        _position += HeaderSize;
        if ((flags & FlagExtra) != 0)
        {
            if (!await EnsureAvailableAsync(2, useAsync, cancellationToken).ConfigureAwait(false)) throw TruncatedHeader();
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(_input.AsSpan(_position, 2));
            _position += 2;
            await SkipAsync(extraLength, useAsync, cancellationToken).ConfigureAwait(false);
        }

        if ((flags & FlagName) != 0) await SkipZeroTerminatedAsync(useAsync, cancellationToken).ConfigureAwait(false);
        if ((flags & FlagComment) != 0) await SkipZeroTerminatedAsync(useAsync, cancellationToken).ConfigureAwait(false);
        if ((flags & FlagHeaderCrc) != 0) await SkipAsync(2, useAsync, cancellationToken).ConfigureAwait(false);

        _crc = 0;
        _memberLength = 0;
        _inflaterStarved = false;
        _previousPieceStart = _lastPieceStart = _position;
        _inMemberBody = true;
        _inflater = new DeflateStream(_inflaterInput, CompressionMode.Decompress, leaveOpen: true);
        _membersRead++;
        return true;
    }

    /// <summary>The inflater has returned all of the member's data: find and check the trailer, and continue after it.</summary>
    private async ValueTask FinishMemberAsync(bool useAsync, CancellationToken cancellationToken)
    {
        if (_inflaterStarved)
        {
            throw new StorageException(StorageErrorCode.Integrity,
                $"The gzip data is truncated: it ends inside the member that starts at compressed offset {_memberOffset}.");
        }

        // The trailer starts at or before the end of the last piece; make sure its 8 bytes, and the 2 after it that show
        // whether another member follows, are in the buffer.
        while (_end - _position < TrailerSize + 2 && await FillAsync(useAsync, cancellationToken).ConfigureAwait(false))
        {
        }

        // A candidate must match the CRC-32 and length and be followed by the end of the data or by another member.
        // The second condition matters for short trailers such as an empty member's eight zero bytes, which also
        // "match" one byte early when the deflate data ends in a zero byte.
        var expectedCrc = _crc;
        var expectedLength = unchecked((uint)_memberLength);
        var trailerStart = -1;
        var trailerMatchedWithoutContinuation = false;
        for (var candidate = _previousPieceStart; candidate <= _position && candidate + TrailerSize <= _end; candidate++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(_input.AsSpan(candidate + 4, 4)) != expectedLength ||
                BinaryPrimitives.ReadUInt32LittleEndian(_input.AsSpan(candidate, 4)) != expectedCrc)
            {
                continue;
            }

            var next = candidate + TrailerSize;
            var endsHere = next == _end && _sourceEnded;
            var memberFollows = next + 2 <= _end && _input[next] == 0x1F && _input[next + 1] == 0x8B;
            if (endsHere || memberFollows)
            {
                trailerStart = candidate;
                break;
            }

            trailerMatchedWithoutContinuation = true;
        }

        if (trailerStart < 0 && trailerMatchedWithoutContinuation)
        {
            throw new StorageException(StorageErrorCode.Integrity,
                $"Unexpected data after the gzip member that starts at compressed offset {_memberOffset}: it is not another gzip member.");
        }

        if (trailerStart < 0)
        {
            throw new StorageException(StorageErrorCode.Integrity,
                $"The gzip member that starts at compressed offset {_memberOffset} fails its check: its CRC-32 and length trailer is missing, truncated, or does not match the data.");
        }

        _position = trailerStart + TrailerSize;
        _inMemberBody = false;
        _inflater!.Dispose();
        _inflater = null;
    }

    private StorageException TruncatedHeader() =>
        new(StorageErrorCode.Integrity, $"The gzip data is truncated: it ends inside the header of the member that starts at compressed offset {_memberOffset}.");

    private async ValueTask<bool> EnsureAvailableAsync(int count, bool useAsync, CancellationToken cancellationToken)
    {
        while (_end - _position < count)
        {
            if (!await FillAsync(useAsync, cancellationToken).ConfigureAwait(false)) return false;
        }

        return true;
    }

    private async ValueTask SkipAsync(int count, bool useAsync, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_position == _end && !await FillAsync(useAsync, cancellationToken).ConfigureAwait(false)) throw TruncatedHeader();
            var skipped = Math.Min(count, _end - _position);
            _position += skipped;
            count -= skipped;
        }
    }

    private async ValueTask SkipZeroTerminatedAsync(bool useAsync, CancellationToken cancellationToken)
    {
        while (true)
        {
            var zero = _input.AsSpan(_position, _end - _position).IndexOf((byte)0);
            if (zero >= 0)
            {
                _position += zero + 1;
                return;
            }

            _position = _end;
            if (!await FillAsync(useAsync, cancellationToken).ConfigureAwait(false)) throw TruncatedHeader();
        }
    }

    /// <summary>Reads more compressed bytes after <see cref="_end"/>, compacting first when space runs low. False once the source has ended.</summary>
    private async ValueTask<bool> FillAsync(bool useAsync, CancellationToken cancellationToken)
    {
        if (_sourceEnded) return false;
        var keep = _inMemberBody ? Math.Min(_previousPieceStart, _position) : _position;
        if (_input.Length - _end < MaxPieceSize && keep > 0)
        {
            _input.AsSpan(keep, _end - keep).CopyTo(_input);
            _inputOffset += keep;
            _position -= keep;
            _end -= keep;
            _previousPieceStart -= keep;
            _lastPieceStart -= keep;
        }

        // The kept bytes are at most two pieces and a trailer, far below the buffer size, so there is always room here.
        var read = useAsync
            ? await _source.ReadAsync(_input.AsMemory(_end), cancellationToken).ConfigureAwait(false)
            : _source.Read(_input.AsSpan(_end));
        if (read == 0)
        {
            _sourceEnded = true;
            return false;
        }

        _end += read;
        return true;
    }

    private int TakePiece(Span<byte> destination)
    {
        var count = Math.Min(Math.Min(destination.Length, _end - _position), MaxPieceSize);
        _input.AsSpan(_position, count).CopyTo(destination);
        _previousPieceStart = _lastPieceStart;
        _lastPieceStart = _position;
        _position += count;
        return count;
    }

    private int SupplyInflater(Span<byte> destination)
    {
        if (destination.IsEmpty) return 0;
        if (_position == _end && !FillAsync(useAsync: false, CancellationToken.None).GetAwaiter().GetResult())
        {
            _inflaterStarved = true;
            return 0;
        }

        return TakePiece(destination);
    }

    private async ValueTask<int> SupplyInflaterAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty) return 0;
        if (_position == _end && !await FillAsync(useAsync: true, cancellationToken).ConfigureAwait(false))
        {
            _inflaterStarved = true;
            return 0;
        }

        return TakePiece(destination.Span);
    }

    /// <summary>What the raw <see cref="DeflateStream"/> reads from: the member body, handed out piece by piece.</summary>
    private sealed class InflaterInput(GzipDecompressionStream owner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            ValidateBufferArguments(buffer, offset, count);
            return owner.SupplyInflater(buffer.AsSpan(offset, count));
        }

        public override int Read(Span<byte> buffer) => owner.SupplyInflater(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            ValidateBufferArguments(buffer, offset, count);
            return owner.SupplyInflaterAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            owner.SupplyInflaterAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
