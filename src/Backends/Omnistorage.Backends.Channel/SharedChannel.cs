using System.Threading.Channels;

namespace Omnistorage.Backends.Channel;

/// <summary>
/// One channel and the gate that keeps each object's records together in it. A private channel belongs to one
/// <see cref="ChannelBackend"/>; a named one is shared through <see cref="NamedChannels"/> by every backend opened with
/// its name, and completes when the last of them is disposed.
/// </summary>
internal sealed class SharedChannel
{
    private readonly Channel<ChannelObject> _channel;

    // Publishing an object's records is several channel writes; holding the gate across them keeps the records of two
    // objects committed at the same time from interleaving, so a consumer sees each object's records contiguous and in order.
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private volatile bool _completed;

    public SharedChannel(string? name, int capacity)
    {
        Name = name;
        Capacity = capacity;
        _channel = capacity == 0
            ? System.Threading.Channels.Channel.CreateUnbounded<ChannelObject>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false })
            : System.Threading.Channels.Channel.CreateBounded<ChannelObject>(new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = false,
                SingleWriter = false,
            });
    }

    /// <summary>The channel's name, or null for a private channel.</summary>
    public string? Name { get; }

    /// <summary>The bound on queued items; 0 for unbounded.</summary>
    public int Capacity { get; }

    public ChannelReader<ChannelObject> Reader => _channel.Reader;

    /// <summary>How many open backends publish to this channel. Guarded by the <see cref="NamedChannels"/> lock.</summary>
    public int OpenBackends { get; set; }

    /// <summary>True once the writer side has been completed: nothing more can be published.</summary>
    public bool IsCompleted => _completed;

    /// <summary>Completes the writer so consumers' reads end once they have taken what is queued. Returns false when already complete.</summary>
    public bool Complete()
    {
        _completed = true;
        return _channel.Writer.TryComplete();
    }

    /// <summary>
    /// Publishes <paramref name="items"/> in order, waiting for space when the channel is full. Cancellation is honoured
    /// while waiting; an item already in the channel stays there.
    /// </summary>
    public async ValueTask PublishAsync(IReadOnlyList<ChannelObject> items, string path, CancellationToken cancellationToken)
    {
        await _publishGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var item in items)
            {
                await _channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ChannelClosedException ex)
        {
            throw ClosedError(path, ex);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    /// <summary>The error for a write to a completed channel: not retryable, since the channel never reopens.</summary>
    public StorageException ClosedError(string? path, Exception? inner = null) =>
        new(StorageErrorCode.Unavailable,
            Name is null
                ? "The channel has been completed (its backend was disposed); nothing more can be published to it."
                : $"The channel '{Name}' has been completed; nothing more can be published to it. Open a new backend with that name to start a new channel.",
            ChannelBackend.BackendName, path, inner, isRetryable: false);
}

/// <summary>
/// The process-wide table of named channels. A name maps to its current channel from the moment a backend or a
/// consumer (<see cref="ChannelBackend.GetNamedReader"/>) first asks for it. The channel completes when the last backend
/// publishing to it is disposed (or on <see cref="ChannelBackend.CompleteNamed"/>), and leaves the table once it is
/// completed and drained, so a later open of the name starts a fresh channel while a late consumer can still take
/// what the old one holds.
/// </summary>
internal static class NamedChannels
{
    private static readonly Dictionary<string, SharedChannel> Channels = new(StringComparer.Ordinal);

    /// <summary>Joins (or starts) the channel <paramref name="name"/> as a publishing backend.</summary>
    public static SharedChannel Attach(string name, int capacity)
    {
        lock (Channels)
        {
            var channel = GetOrCreate(name, capacity);
            channel.OpenBackends++;
            return channel;
        }
    }

    /// <summary>Leaves the channel as a publisher; the last one to leave completes it.</summary>
    public static void Detach(SharedChannel channel)
    {
        lock (Channels)
        {
            channel.OpenBackends--;
            if (channel.OpenBackends == 0) channel.Complete();
        }
    }

    /// <summary>The current channel of <paramref name="name"/>, started (with no publishers yet) when there is none.</summary>
    public static SharedChannel GetForReading(string name, int capacity)
    {
        lock (Channels)
        {
            return Channels.TryGetValue(name, out var existing) ? existing : GetOrCreate(name, capacity);
        }
    }

    /// <summary>Completes the current channel of <paramref name="name"/>; false when there is none or it is already complete.</summary>
    public static bool Complete(string name)
    {
        lock (Channels)
        {
            return Channels.TryGetValue(name, out var channel) && channel.Complete();
        }
    }

    private static SharedChannel GetOrCreate(string name, int capacity)
    {
        if (Channels.TryGetValue(name, out var existing) && !existing.IsCompleted)
        {
            if (existing.Capacity != capacity)
            {
                throw new StorageException(StorageErrorCode.InvalidArgument,
                    $"The channel '{name}' is already open with capacity {Describe(existing.Capacity)}, not {Describe(capacity)}; every user of a named channel must agree on its capacity.",
                    ChannelBackend.BackendName);
            }

            return existing;
        }

        var created = new SharedChannel(name, capacity);
        Channels[name] = created;

        // Forget the channel once it is complete and every queued item has been taken; until then a consumer that
        // arrives late still finds it (and its items) under the name.
        _ = created.Reader.Completion.ContinueWith(_ => Forget(name, created), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return created;
    }

    private static void Forget(string name, SharedChannel channel)
    {
        lock (Channels)
        {
            if (Channels.TryGetValue(name, out var current) && ReferenceEquals(current, channel)) Channels.Remove(name);
        }
    }

    private static string Describe(int capacity) => capacity == 0 ? "unbounded" : capacity.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
