namespace Omnistorage.Backends.Channel;

/// <summary>What a <see cref="ChannelBackend"/> publishes for each committed object.</summary>
public enum ChannelMode
{
    /// <summary>One <see cref="ChannelObject"/> per committed object, carrying its whole content.</summary>
    Objects,

    /// <summary>
    /// One <see cref="ChannelObject"/> per record of each committed object: the object is split with the record framing
    /// its path's extension implies (<c>.ndjson</c>, <c>.jsonl</c>, <c>.ndjson.gz</c>, …) and each record is published
    /// in order, with the object's path, content type and metadata.
    /// </summary>
    Records,
}

/// <summary>Settings for a <see cref="ChannelBackend"/>.</summary>
public sealed record ChannelBackendOptions
{
    /// <summary>The capacity used when none is given: enough to absorb bursts without holding much memory.</summary>
    public const int DefaultCapacity = 64;

    /// <summary>
    /// The name of a channel shared by every backend opened with the same name in this process (and by
    /// <see cref="ChannelBackend.GetNamedReader"/>). Null gives the backend a private channel, reachable only through
    /// <see cref="ChannelBackend.Reader"/>.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>
    /// How many published items the channel holds before a commit waits for the consumer to take one (backpressure).
    /// 0 means unbounded: commits never wait, and memory grows while the consumer falls behind.
    /// </summary>
    public int Capacity { get; init; } = DefaultCapacity;

    /// <summary>Whether whole objects or their individual records are published.</summary>
    public ChannelMode Mode { get; init; } = ChannelMode.Objects;
}
