using Omnistorage;
using Omnistorage.Backends.Multi;

[assembly: OmnistorageBackend(typeof(MultiBackendProvider))]

namespace Omnistorage.Backends.Multi;

/// <summary>
/// Registers the multi backend under the name <c>multi</c> (it has no URI scheme: its targets are URIs themselves).
/// The option <c>targets</c> lists the target locations separated by <c>|</c>, each opened with <see cref="Omni.Open"/>;
/// the multi backend owns and closes them.
/// </summary>
public sealed class MultiBackendProvider : IBackendProvider
{
    public BackendDescriptor Descriptor { get; } = new()
    {
        Name = MultiBackend.BackendName,
        BackendType = typeof(MultiBackend),
        Description = "A fan-out writer: each write, delete and directory change goes to several targets (all, best-effort or quorum); reads come from the first.",
        Options =
        [
            new BackendOptionDescriptor("targets", BackendOptionType.String,
                "The target locations, separated by '|', each a URI, backend name or local path that Omni.Open accepts (for example 'file:///a|memory://b'). The first readable one serves reads.")
            {
                IsRequired = true,
                EnvironmentVariable = "OMNI_MULTI_TARGETS",
            },
            new BackendOptionDescriptor("mode", BackendOptionType.Choice,
                "all: every target or none (failed writes are rolled back); best-effort: at least one target; quorum: at least 'quorum' targets.")
            {
                Default = "all",
                AllowedValues = ["all", "best-effort", "quorum"],
                EnvironmentVariable = "OMNI_MULTI_MODE",
            },
            new BackendOptionDescriptor("quorum", BackendOptionType.Integer,
                "For mode quorum: how many targets must succeed; a majority when not given.")
            {
                EnvironmentVariable = "OMNI_MULTI_QUORUM",
            },
            new BackendOptionDescriptor("read-fallback", BackendOptionType.Boolean,
                "When a read fails with NotFound or Unavailable on one target, try the next one.")
            {
                Default = false,
                EnvironmentVariable = "OMNI_MULTI_READ_FALLBACK",
            },
        ],
        Factory = OpenAsync,
    };

    private static async ValueTask<IStorageBackend> OpenAsync(BackendOptions options, CancellationToken cancellationToken)
    {
        var locations = options.GetRequiredString("targets")
            .Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (locations.Length == 0)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, "The multi backend's option 'targets' names no target.", MultiBackend.BackendName);
        }

        var mode = options.GetString("mode") switch
        {
            "best-effort" => MultiWriteMode.BestEffort,
            "quorum" => MultiWriteMode.Quorum,
            _ => MultiWriteMode.All,
        };
        int? quorum = null;
        if (options.Has("quorum"))
        {
            var value = options.GetInt64("quorum");
            if (value is < 1 or > int.MaxValue)
            {
                throw new StorageException(StorageErrorCode.InvalidArgument, $"The multi backend's option 'quorum' must be at least 1, not {value}.", MultiBackend.BackendName);
            }

            quorum = (int)value;
        }

        // Retries belong to the store over the multi backend, which retries a whole fanned-out call; retrying inside
        // each target as well would multiply the attempts.
        var targetStoreOptions = new ObjectStoreOptions { Retry = RetryPolicy.None };
        var targets = new List<ObjectStore>();
        try
        {
            foreach (var location in locations)
            {
                targets.Add(await Omni.Open(location, null, targetStoreOptions, cancellationToken).ConfigureAwait(false));
            }

            return new MultiBackend(targets, new MultiBackendOptions
            {
                Mode = mode,
                Quorum = quorum,
                ReadFallback = options.GetBoolean("read-fallback"),
                OwnsTargets = true,
            });
        }
        catch
        {
            foreach (var target in targets) await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
