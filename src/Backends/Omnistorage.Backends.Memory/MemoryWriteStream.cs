using System.Security.Cryptography;

namespace Omnistorage.Backends.Memory;

/// <summary>
/// Collects a write in private chunks, hashing it with MD5 on the way, and publishes it atomically on commit. Nothing
/// is visible in the store before that; abort, cancellation or a fault simply drops the chunks.
/// </summary>
internal sealed class MemoryWriteStream : ObjectWriteStream
{
    private readonly MemoryBackend _backend;
    private readonly IReadOnlyDictionary<string, string>? _metadata;
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    // For an append: the object the new bytes continue. Commit publishes only if the object is still this instance,
    // so an append never silently discards an overwrite that happened while it was open.
    private readonly MemoryObject? _appendTo;
    private readonly bool _isAppend;
    private MemoryContentBuilder? _builder;

    private MemoryWriteStream(MemoryBackend backend, string path, WriteOptions options, IReadOnlyDictionary<string, string>? metadata,
        bool isAppend, MemoryObject? appendTo, CancellationToken openToken)
        : base(path, options, openToken)
    {
        _backend = backend;
        _metadata = metadata;
        _isAppend = isAppend;
        _appendTo = appendTo;
        _builder = new MemoryContentBuilder(appendTo?.Content);
        if (appendTo is not null)
        {
            foreach (var chunk in appendTo.Content.Chunks) _md5.AppendData(chunk);
        }
    }

    /// <summary>A write that replaces whatever is at <paramref name="path"/> on commit.</summary>
    public static MemoryWriteStream ForWrite(MemoryBackend backend, string path, WriteOptions options, CancellationToken openToken) =>
        new(backend, path, options, MemoryObject.CopyMetadata(options.Metadata, path), isAppend: false, appendTo: null, openToken);

    /// <summary>An append to <paramref name="existing"/> (null when the object does not exist yet and the append creates it).</summary>
    public static MemoryWriteStream ForAppend(MemoryBackend backend, string path, WriteOptions options, MemoryObject? existing, CancellationToken openToken) =>
        new(backend, path, options, MemoryObject.CopyMetadata(options.Metadata, path) ?? existing?.Metadata, isAppend: true, existing, openToken);

    protected override void WriteCore(ReadOnlySpan<byte> buffer)
    {
        _builder!.Append(buffer);
        _md5.AppendData(buffer);
    }

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        WriteCore(buffer.Span);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask<ObjectInfo> CommitCoreAsync(CancellationToken cancellationToken)
    {
        var content = _builder!.Build();
        _builder = null;
        var md5 = Convert.ToHexString(_md5.GetHashAndReset()).ToLowerInvariant();

        // A declared MD5 describes the whole new object, so it can only be checked for a plain write; an append's
        // caller rarely knows the hash of the bytes already stored.
        if (!_isAppend && Options.Hashes is { } declared && declared.TryGetValue(HashType.Md5, out var expected) &&
            !string.Equals(expected, md5, StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageException(StorageErrorCode.Integrity,
                $"The bytes written to '{Path}' have MD5 {md5}, not the declared {expected}; the object was not committed.", MemoryBackend.BackendName, Path);
        }

        var lastModified = (Options.LastModified ?? DateTimeOffset.UtcNow).ToUniversalTime();
        var stored = new MemoryObject(content, md5, lastModified, Options.ContentType ?? _appendTo?.ContentType, _metadata);
        return ValueTask.FromResult(_backend.Publish(Path, stored, Options.Overwrite, _isAppend, _appendTo));
    }

    protected override ValueTask AbortCoreAsync()
    {
        _builder = null;
        return ValueTask.CompletedTask;
    }

    protected override ValueTask DisposeCoreAsync()
    {
        _builder = null;
        _md5.Dispose();
        return ValueTask.CompletedTask;
    }
}
