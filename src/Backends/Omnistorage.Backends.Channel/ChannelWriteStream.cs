namespace Omnistorage.Backends.Channel;

/// <summary>
/// Collects one write in pooled chunks and, on commit, publishes it to the backend's channel as one array (or as its
/// records). Nothing reaches the channel before commit; abort, cancellation or a fault just returns the chunks.
/// </summary>
internal sealed class ChannelWriteStream : ObjectWriteStream
{
    private readonly ChannelBackend _backend;
    private readonly CancellationToken _openToken;
    private readonly PooledChunkBuffer _buffer = new();

    public ChannelWriteStream(ChannelBackend backend, string path, WriteOptions options, CancellationToken openToken)
        : base(path, options, openToken)
    {
        _backend = backend;
        _openToken = openToken;
    }

    protected override void WriteCore(ReadOnlySpan<byte> buffer) => _buffer.Append(buffer, Path);

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        _buffer.Append(buffer.Span, Path);
        return ValueTask.CompletedTask;
    }

    protected override async ValueTask<ObjectInfo> CommitCoreAsync(CancellationToken cancellationToken)
    {
        var data = _buffer.ToArray();
        _buffer.Dispose();
        VerifyDeclaredHashes(data);

        var lastModified = (Options.LastModified ?? DateTimeOffset.UtcNow).ToUniversalTime();
        IReadOnlyDictionary<string, string> metadata = Options.Metadata is { Count: > 0 } given
            ? new Dictionary<string, string>(given, StringComparer.Ordinal)
            : new Dictionary<string, string>();

        // Waiting for space in a full channel is the one long wait of a commit, so it honours the token given to
        // OpenWrite as well as the commit's own.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _openToken);
        await _backend.PublishAsync(Path, data, Options.ContentType, metadata, lastModified, linked.Token).ConfigureAwait(false);
        return new ObjectInfo
        {
            Path = Path,
            Size = data.Length,
            LastModified = lastModified,
            ContentType = Options.ContentType,
            Metadata = metadata,
        };
    }

    protected override ValueTask AbortCoreAsync()
    {
        _buffer.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override ValueTask DisposeCoreAsync()
    {
        _buffer.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Checks hashes the caller declared in <see cref="WriteOptions.Hashes"/>; a mismatch publishes nothing.</summary>
    private void VerifyDeclaredHashes(byte[] data)
    {
        if (Options.Hashes is not { Count: > 0 } declared) return;
        var types = HashTypes.None;
        foreach (var type in declared.Keys) types |= type.ToFlag();
        foreach (var (type, actual) in MultiHasher.Compute(data, types))
        {
            if (!string.Equals(actual, declared[type], StringComparison.OrdinalIgnoreCase))
            {
                throw new StorageException(StorageErrorCode.Integrity,
                    $"The bytes written to '{Path}' have {type} {actual}, not the declared {declared[type]}; nothing was published.",
                    ChannelBackend.BackendName, Path);
            }
        }
    }
}
