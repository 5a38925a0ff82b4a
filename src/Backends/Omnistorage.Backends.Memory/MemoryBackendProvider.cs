using Omnistorage;
using Omnistorage.Backends.Memory;

[assembly: OmnistorageBackend(typeof(MemoryBackendProvider))]

namespace Omnistorage.Backends.Memory;

/// <summary>
/// Registers the memory backend: name <c>memory</c>, URI schemes <c>memory</c> and <c>mem</c>.
/// <c>memory://NAME/PREFIX</c> opens the folder PREFIX of the process-wide shared store NAME;
/// <c>memory:///PREFIX</c> (no name) and plain <c>memory</c> open a new private store.
/// </summary>
public sealed class MemoryBackendProvider : IBackendProvider
{
    public BackendDescriptor Descriptor { get; } = new()
    {
        Name = MemoryBackend.BackendName,
        Schemes = [MemoryBackend.BackendName, "mem"],
        BackendType = typeof(MemoryBackend),
        Description = "Objects held in process memory: a private store per open, or a named store shared by every open in the process. For tests and scratch data.",
        Options =
        [
            new BackendOptionDescriptor("name", BackendOptionType.String,
                "The name of a store shared by every open of the same name in this process; without it each open gets a new private store.")
            {
                EnvironmentVariable = "OMNI_MEMORY_NAME",
            },
            new BackendOptionDescriptor("prefix", BackendOptionType.String,
                "The folder within the store to use as the root; created when missing.")
            {
                Default = string.Empty,
                EnvironmentVariable = "OMNI_MEMORY_PREFIX",
            },
        ],
        Factory = static (options, cancellationToken) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var backend = new MemoryBackend(new MemoryBackendOptions
            {
                Name = options.GetString("name") is { Length: > 0 } name ? name : null,
                Prefix = options.GetString("prefix") ?? string.Empty,
            });
            return ValueTask.FromResult<IStorageBackend>(backend);
        },
        UriParser = static uri =>
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["prefix"] = uri.Path };
            if (uri.Authority.Length > 0) values["name"] = uri.Authority;
            return values;
        },
    };
}
