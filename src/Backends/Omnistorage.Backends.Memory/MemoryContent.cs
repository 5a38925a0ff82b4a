namespace Omnistorage.Backends.Memory;

/// <summary>
/// The immutable bytes of one committed object, kept as a list of separate chunks rather than one array: a large object
/// never needs one huge contiguous allocation, and appends and copies share the existing chunks instead of copying them.
/// Chunks are never written to once the content is built, so any number of readers may use them without a lock.
/// </summary>
internal sealed class MemoryContent
{
    private readonly byte[][] _chunks;

    // _starts[i] is the offset of _chunks[i] within the content; chunk sizes vary, so reads locate a chunk by binary search.
    private readonly long[] _starts;

    public MemoryContent(byte[][] chunks)
    {
        _chunks = chunks;
        _starts = new long[chunks.Length];
        long offset = 0;
        for (var i = 0; i < chunks.Length; i++)
        {
            _starts[i] = offset;
            offset += chunks[i].Length;
        }

        Length = offset;
    }

    public static MemoryContent Empty { get; } = new([]);

    public long Length { get; }

    /// <summary>The chunks in order; every one is full (no unused tail), so an appender can continue after the last.</summary>
    public IReadOnlyList<byte[]> Chunks => _chunks;

    /// <summary>Copies bytes starting at <paramref name="position"/> into <paramref name="destination"/>; returns how many were copied.</summary>
    public int CopyTo(long position, Span<byte> destination)
    {
        var copied = 0;
        foreach (var segment in GetSegments(position, destination.Length))
        {
            segment.Span.CopyTo(destination[copied..]);
            copied += segment.Length;
        }

        return copied;
    }

    /// <summary>The stored bytes from <paramref name="position"/>, at most <paramref name="count"/> of them, as read-only slices of the chunks.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> GetSegments(long position, long count)
    {
        if (position >= Length || count <= 0) yield break;
        var index = FindChunk(position);
        var offsetInChunk = (int)(position - _starts[index]);
        while (count > 0 && index < _chunks.Length)
        {
            var chunk = _chunks[index];
            var take = (int)Math.Min(chunk.Length - offsetInChunk, count);
            yield return new ReadOnlyMemory<byte>(chunk, offsetInChunk, take);
            count -= take;
            offsetInChunk = 0;
            index++;
        }
    }

    private int FindChunk(long position)
    {
        var index = Array.BinarySearch(_starts, position);

        // Without an exact match, BinarySearch returns the complement of the first start greater than the position;
        // the chunk holding the position is the one before it. Empty chunks never occur, so starts are distinct.
        return index >= 0 ? index : ~index - 1;
    }
}

/// <summary>
/// Collects the bytes of a write in chunks that grow from 4 KiB to 1 MiB. Small objects therefore cost little, large
/// ones are never copied to grow a buffer, and no single allocation exceeds 1 MiB. The chunks are plain arrays rather
/// than ones rented from a pool: once committed they belong to the stored object and to every reader still holding its
/// snapshot, so there is no moment at which they could safely be returned. An aborted write just drops them.
/// Not thread-safe: one writer owns it.
/// </summary>
internal sealed class MemoryContentBuilder
{
    private const int FirstChunkSize = 4 * 1024;
    private const int LargestChunkSize = 1024 * 1024;

    private readonly List<byte[]> _chunks = [];
    private byte[]? _current;
    private int _usedInCurrent;

    /// <summary>Starts empty, or after the chunks of <paramref name="existing"/> (for appends; they are shared, not copied).</summary>
    public MemoryContentBuilder(MemoryContent? existing = null)
    {
        if (existing is not null) _chunks.AddRange(existing.Chunks);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_current is null || _usedInCurrent == _current.Length)
            {
                StartChunk(data.Length);
            }

            var take = Math.Min(data.Length, _current!.Length - _usedInCurrent);
            data[..take].CopyTo(_current.AsSpan(_usedInCurrent));
            _usedInCurrent += take;
            data = data[take..];
        }
    }

    /// <summary>Seals the bytes written so far into immutable content. The builder must not be used afterwards.</summary>
    public MemoryContent Build()
    {
        if (_current is not null && _usedInCurrent > 0)
        {
            // The last chunk is trimmed to its used length, so the store holds no slack and a later append can simply
            // add chunks after it. That costs one copy of at most one chunk.
            _chunks.Add(_usedInCurrent == _current.Length ? _current : _current.AsSpan(0, _usedInCurrent).ToArray());
        }

        _current = null;
        return _chunks.Count == 0 ? MemoryContent.Empty : new MemoryContent([.. _chunks]);
    }

    private void StartChunk(int pending)
    {
        if (_current is not null) _chunks.Add(_current);
        var grown = _current is null ? FirstChunkSize : Math.Min(_current.Length * 2, LargestChunkSize);

        // A large first write gets a chunk of its own size (up to the cap) instead of climbing through the small sizes.
        var size = Math.Clamp(Math.Max(grown, pending), FirstChunkSize, LargestChunkSize);
        _current = new byte[size];
        _usedInCurrent = 0;
    }
}
