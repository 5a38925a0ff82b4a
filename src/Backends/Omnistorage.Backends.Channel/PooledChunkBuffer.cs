using System.Buffers;

namespace Omnistorage.Backends.Channel;

/// <summary>
/// Collects the bytes of one write in chunks rented from <see cref="ArrayPool{T}.Shared"/>, growing from 4 KiB to
/// 1 MiB. Growing never copies what was already written, and an aborted write costs only the return of its chunks.
/// <see cref="ToArray"/> makes the single array a published <see cref="ChannelObject"/> owns: pooled chunks cannot be
/// handed to the consumer, since nothing tells us when it has finished with them. Not thread-safe: one writer owns it.
/// </summary>
internal sealed class PooledChunkBuffer : IDisposable
{
    private const int FirstChunkSize = 4 * 1024;
    private const int LargestChunkSize = 1024 * 1024;

    private readonly List<byte[]> _chunks = [];
    private int _usedInLast;

    /// <summary>The number of bytes appended so far.</summary>
    public long Length { get; private set; }

    /// <summary>Appends <paramref name="data"/>. Fails with <see cref="StorageErrorCode.QuotaExceeded"/> past the largest array .NET can allocate.</summary>
    public void Append(ReadOnlySpan<byte> data, string path)
    {
        if (Length + data.Length > Array.MaxLength)
        {
            throw new StorageException(StorageErrorCode.QuotaExceeded,
                $"'{path}' exceeds {Array.MaxLength} bytes, the largest object a channel can carry.", ChannelBackend.BackendName, path);
        }

        while (!data.IsEmpty)
        {
            if (_chunks.Count == 0 || _usedInLast == _chunks[^1].Length)
            {
                var grown = _chunks.Count == 0 ? FirstChunkSize : Math.Min(_chunks[^1].Length * 2, LargestChunkSize);
                _chunks.Add(ArrayPool<byte>.Shared.Rent(Math.Clamp(Math.Max(grown, data.Length), FirstChunkSize, LargestChunkSize)));
                _usedInLast = 0;
            }

            var last = _chunks[^1];
            var take = Math.Min(data.Length, last.Length - _usedInLast);
            data[..take].CopyTo(last.AsSpan(_usedInLast));
            _usedInLast += take;
            Length += take;
            data = data[take..];
        }
    }

    /// <summary>Copies everything appended into one new array of exactly <see cref="Length"/> bytes.</summary>
    public byte[] ToArray()
    {
        var result = Length == 0 ? [] : new byte[Length];
        var offset = 0;
        for (var i = 0; i < _chunks.Count; i++)
        {
            var used = i == _chunks.Count - 1 ? _usedInLast : _chunks[i].Length;
            _chunks[i].AsSpan(0, used).CopyTo(result.AsSpan(offset));
            offset += used;
        }

        return result;
    }

    /// <summary>Returns the chunks to the pool. Idempotent; the buffer is empty afterwards.</summary>
    public void Dispose()
    {
        foreach (var chunk in _chunks) ArrayPool<byte>.Shared.Return(chunk);
        _chunks.Clear();
        _usedInLast = 0;
        Length = 0;
    }
}
