using Omnistorage;
using Omnistorage.Backends.Channel;

[assembly: OmnistorageBackend(typeof(ChannelBackendProvider))]

namespace Omnistorage.Backends.Channel;

/// <summary>
/// Registers the channel backend: name and URI scheme <c>channel</c>. <c>channel://NAME</c> joins the process-wide
/// named channel NAME (its consumer calls <see cref="ChannelBackend.GetNamedReader"/>); plain <c>channel</c> opens a
/// private channel, reachable through the backend's <see cref="ChannelBackend.Reader"/>.
/// </summary>
public sealed class ChannelBackendProvider : IBackendProvider
{
    public BackendDescriptor Descriptor { get; } = new()
    {
        Name = ChannelBackend.BackendName,
        Schemes = [ChannelBackend.BackendName],
        BackendType = typeof(ChannelBackend),
        Description = "A write-only sink that hands each committed object (or each of its records) to an in-process consumer through a System.Threading.Channels channel.",
        Options =
        [
            new BackendOptionDescriptor("name", BackendOptionType.String,
                "The name of a channel shared by every open of the same name in this process; the consumer reads it with ChannelBackend.GetNamedReader. Without it each open gets a private channel.")
            {
                EnvironmentVariable = "OMNI_CHANNEL_NAME",
            },
            new BackendOptionDescriptor("capacity", BackendOptionType.Integer,
                "How many published items the channel queues before a commit waits for the consumer; 0 for unbounded.")
            {
                Default = (long)ChannelBackendOptions.DefaultCapacity,
                EnvironmentVariable = "OMNI_CHANNEL_CAPACITY",
            },
            new BackendOptionDescriptor("mode", BackendOptionType.Choice,
                "objects publishes each committed object whole; records splits it into records by the framing its extension implies (.ndjson, .jsonl, …) and publishes each record.")
            {
                Default = "objects",
                AllowedValues = ["objects", "records"],
                EnvironmentVariable = "OMNI_CHANNEL_MODE",
            },
        ],
        Factory = static (options, cancellationToken) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var capacity = options.GetInt64("capacity", ChannelBackendOptions.DefaultCapacity);
            if (capacity is < 0 or > int.MaxValue)
            {
                throw new StorageException(StorageErrorCode.InvalidArgument,
                    $"The channel backend's option 'capacity' must be between 0 (unbounded) and {int.MaxValue}, not {capacity}.", ChannelBackend.BackendName);
            }

            var backend = new ChannelBackend(new ChannelBackendOptions
            {
                Name = options.GetString("name") is { Length: > 0 } name ? name : null,
                Capacity = (int)capacity,
                Mode = string.Equals(options.GetString("mode"), "records", StringComparison.OrdinalIgnoreCase) ? ChannelMode.Records : ChannelMode.Objects,
            });
            return ValueTask.FromResult<IStorageBackend>(backend);
        },
        UriParser = static uri =>
        {
            if (uri.Path.Length > 0)
            {
                throw new StorageException(StorageErrorCode.InvalidArgument,
                    $"A channel URI names a channel only (channel://NAME); '{uri}' also has the path '{uri.Path}'.", ChannelBackend.BackendName);
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (uri.Authority.Length > 0) values["name"] = uri.Authority;
            return values;
        },
    };
}
