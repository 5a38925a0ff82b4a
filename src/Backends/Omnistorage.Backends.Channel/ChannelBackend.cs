using System.Threading.Channels;

namespace Omnistorage.Backends.Channel;

/// <summary>
/// A write-only sink that hands every committed object to an in-process consumer through a
/// <see cref="System.Threading.Channels.Channel{T}"/>: the end of a pipeline whose next stage is another component
/// rather than storage. The consumer reads <see cref="Reader"/> (or <see cref="GetNamedReader"/> for a named channel).
/// <para>
/// An item is published only when a write commits, never for an aborted, cancelled or failed one. Writes collect their
/// bytes in pooled chunks and publish them as one array, so an object must fit in memory (at most
/// <see cref="Array.MaxLength"/> bytes). In <see cref="ChannelMode.Records"/> each committed object is split into its
/// records, which are published in order, one item each.
/// </para>
/// <para>
/// With a bounded capacity (the default, <see cref="ChannelBackendOptions.DefaultCapacity"/>) a commit waits while the
/// channel is full, which slows the producer to the consumer's pace; the wait honours cancellation.
/// </para>
/// <para>
/// Nothing is kept, so nothing can be read back: listing, stat and reading are <see cref="StorageErrorCode.Unsupported"/>;
/// <see cref="ExistsAsync"/> is true only for the root; deletes and directory removal are
/// <see cref="StorageErrorCode.Unsupported"/> (a published item cannot be recalled); creating a directory does nothing.
/// </para>
/// <para>
/// Disposing completes the channel, ending the consumer's <c>ReadAllAsync</c> once it has taken what is queued. A named
/// channel completes when the last backend opened with its name is disposed, or on <see cref="CompleteNamed"/>.
/// Thread-safe.
/// </para>
/// </summary>
public sealed partial class ChannelBackend : IStorageBackend
{
    /// <summary>The registered backend name and URI scheme.</summary>
    public const string BackendName = "channel";

    private readonly SharedChannel _channel;
    private int _disposed;

    /// <summary>Opens a backend with a new private channel of the default capacity.</summary>
    public ChannelBackend()
        : this(new ChannelBackendOptions())
    {
    }

    /// <summary>Opens a backend on a private channel, or joins the named channel <see cref="ChannelBackendOptions.Name"/>.</summary>
    public ChannelBackend(ChannelBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateCapacity(options.Capacity);
        if (options.Name is { } name)
        {
            ValidateName(name);
            _channel = NamedChannels.Attach(name, options.Capacity);
        }
        else
        {
            _channel = new SharedChannel(null, options.Capacity);
        }

        Mode = options.Mode;
        Root = $"channel://{options.Name}";
    }

    public string Name => BackendName;

    /// <summary><c>channel://NAME</c>, or <c>channel://</c> for a private channel.</summary>
    public string Root { get; }

    /// <summary>The shared channel's name, or null for a private channel.</summary>
    public string? ChannelName => _channel.Name;

    /// <summary>The channel's bound on queued items; 0 when unbounded.</summary>
    public int Capacity => _channel.Capacity;

    /// <summary>Whether whole objects or their records are published.</summary>
    public ChannelMode Mode { get; }

    /// <summary>The consumer's end of the channel. Reads end after the channel completes and everything queued was taken.</summary>
    public ChannelReader<ChannelObject> Reader => _channel.Reader;

    public BackendTraits Traits { get; } = new()
    {
        IsWriteOnly = true,
        CanHaveEmptyDirectories = false,
        ModificationTimePrecision = TimeSpan.MaxValue,
        MaxObjectSize = Array.MaxLength,
    };

    /// <summary>
    /// The consumer's end of the named channel <paramref name="name"/>. When no backend has opened that name yet, the
    /// channel is created now with <paramref name="capacity"/>, so a consumer can subscribe before any producer starts;
    /// backends opened later must then ask for the same capacity. A channel that has completed is returned until its
    /// last item has been taken; after that the name starts a fresh channel.
    /// </summary>
    public static ChannelReader<ChannelObject> GetNamedReader(string name, int capacity = ChannelBackendOptions.DefaultCapacity)
    {
        ValidateName(name);
        ValidateCapacity(capacity);
        return NamedChannels.GetForReading(name, capacity).Reader;
    }

    /// <summary>
    /// Completes the named channel now, even while backends are still open on it (their later commits fail with
    /// <see cref="StorageErrorCode.Unavailable"/>). Returns false when the name has no open channel.
    /// </summary>
    public static bool CompleteNamed(string name)
    {
        ValidateName(name);
        return NamedChannels.Complete(name);
    }

    public IAsyncEnumerable<ObjectInfo> ListAsync(string directory, CancellationToken cancellationToken = default) =>
        throw WriteOnly("listing", directory);

    public ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default) =>
        throw WriteOnly("stat", path);

    public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default) =>
        throw WriteOnly("reading", path);

    /// <summary>Opens a write that is published to the channel on commit. The root is <see cref="StorageErrorCode.InvalidArgument"/>.</summary>
    public ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (path.Length == 0)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, "An object published to a channel needs a name; the root is not one.", BackendName, path);
        }

        if (_channel.IsCompleted) throw _channel.ClosedError(path);
        return ValueTask.FromResult<ObjectWriteStream>(new ChannelWriteStream(this, path, options ?? WriteOptions.Default, cancellationToken));
    }

    /// <summary>Always <see cref="StorageErrorCode.Unsupported"/>: a published item belongs to the consumer and cannot be recalled.</summary>
    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        throw new StorageException(StorageErrorCode.Unsupported,
            "The channel backend cannot delete: a published object belongs to the channel's consumer and cannot be recalled.", BackendName, path);

    /// <summary>True for the root only: a channel keeps nothing, so no object or directory exists in it.</summary>
    public ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(path.Length == 0);
    }

    /// <summary>Does nothing: a channel has no directories, and writes need none.</summary>
    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.CompletedTask;
    }

    /// <summary>Always <see cref="StorageErrorCode.Unsupported"/>: a channel has no directories to remove.</summary>
    public ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        throw new StorageException(StorageErrorCode.Unsupported, "The channel backend has no directories to remove.", BackendName, path);

    /// <summary>
    /// Completes a private channel; for a named one, leaves it, completing it when this was the last backend on it.
    /// Items already queued stay readable. Idempotent.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (_channel.Name is null) _channel.Complete();
            else NamedChannels.Detach(_channel);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Publishes a committed object (or, in records mode, its records). Called by <see cref="ChannelWriteStream"/>.</summary>
    internal async ValueTask PublishAsync(string path, byte[] data, string? contentType, IReadOnlyDictionary<string, string> metadata,
        DateTimeOffset lastModified, CancellationToken cancellationToken)
    {
        IReadOnlyList<ChannelObject> items = Mode == ChannelMode.Records
            ? await SplitRecordsAsync(path, data, contentType, metadata, lastModified, cancellationToken).ConfigureAwait(false)
            :
            [
                new ChannelObject { Path = path, Data = data, ContentType = contentType, Metadata = metadata, LastModified = lastModified },
            ];
        await _channel.PublishAsync(items, path, cancellationToken).ConfigureAwait(false);
    }

    private static StorageException WriteOnly(string operation, string path) =>
        new(StorageErrorCode.Unsupported,
            $"The channel backend is write-only and does not support {operation}: committed objects are handed to the channel's consumer " +
            $"({nameof(ChannelBackend)}.{nameof(Reader)} or {nameof(ChannelBackend)}.{nameof(GetNamedReader)}) and are not kept.",
            BackendName, path);

    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, "A named channel needs a non-empty name.", BackendName);
        }
    }

    private static void ValidateCapacity(int capacity)
    {
        if (capacity < 0)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument,
                $"A channel's capacity must be 0 (unbounded) or more, not {capacity}.", BackendName);
        }
    }
}
