namespace Omnistorage.Core.Tests.TestDoubles;

/// <summary>
/// An <see cref="ObjectWriteStream"/> that keeps the written bytes in memory and counts how often the base class calls
/// each <c>*Core</c> member, so tests can check the life cycle the base class promises (one commit, abort on failure,
/// resources released) without a real backend. Failures can be scripted for the next write, the commit and the abort.
/// </summary>
internal sealed class RecordingWriteStream : ObjectWriteStream
{
    private readonly MemoryStream _content = new();
    private readonly Func<byte[], ObjectInfo> _publish;

    public RecordingWriteStream(string path, WriteOptions? options = null, CancellationToken openToken = default,
        Func<byte[], ObjectInfo>? publish = null)
        // Null is passed through on purpose: the base class promises to treat null options as the defaults.
        : base(path, options!, openToken)
    {
        _publish = publish ?? (bytes => new ObjectInfo { Path = path, Size = bytes.Length });
    }

    public int WriteCoreCalls { get; private set; }
    public int CommitCoreCalls { get; private set; }
    public int AbortCoreCalls { get; private set; }
    public int DisposeCoreCalls { get; private set; }

    /// <summary>Thrown by the next call of <see cref="WriteCoreAsync"/>, then cleared.</summary>
    public Exception? NextWriteFailure { get; set; }

    /// <summary>Thrown by <see cref="CommitCoreAsync"/> instead of publishing.</summary>
    public Exception? CommitFailure { get; set; }

    /// <summary>Thrown by <see cref="AbortCoreAsync"/> after it has counted the call.</summary>
    public Exception? AbortFailure { get; set; }

    /// <summary>The bytes accepted and not discarded by an abort (readable after disposal too).</summary>
    public byte[] Content => _content.ToArray();

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        WriteCoreCalls++;
        if (NextWriteFailure is { } failure)
        {
            NextWriteFailure = null;
            return ValueTask.FromException(failure);
        }

        _content.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask<ObjectInfo> CommitCoreAsync(CancellationToken cancellationToken)
    {
        CommitCoreCalls++;
        return CommitFailure is { } failure
            ? ValueTask.FromException<ObjectInfo>(failure)
            : ValueTask.FromResult(_publish(_content.ToArray()));
    }

    protected override ValueTask AbortCoreAsync()
    {
        AbortCoreCalls++;
        _content.SetLength(0);
        return AbortFailure is { } failure ? ValueTask.FromException(failure) : ValueTask.CompletedTask;
    }

    protected override ValueTask DisposeCoreAsync()
    {
        DisposeCoreCalls++;
        _content.Dispose();
        return ValueTask.CompletedTask;
    }
}
