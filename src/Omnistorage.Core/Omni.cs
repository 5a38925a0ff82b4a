namespace Omnistorage;

/// <summary>The entry point: opens a storage location by backend name or URI.</summary>
public static class Omni
{
    /// <summary>
    /// Opens a backend and wraps it in an <see cref="ObjectStore"/>.
    /// <paramref name="nameOrUri"/> is a backend name (<c>memory</c>), a storage URI (<c>s3://bucket/prefix?region=eu-west-1</c>,
    /// <c>file:///data</c>) or a plain local path (<c>/data</c>, <c>./out</c>, <c>C:\data</c>), which opens the file backend.
    /// Explicit <paramref name="options"/> win over URI query values, which win over the URI's location, environment
    /// variables and defaults. Unknown backends and invalid options are <see cref="StorageErrorCode.InvalidArgument"/>.
    /// </summary>
    public static async ValueTask<ObjectStore> Open(string nameOrUri, IReadOnlyDictionary<string, object?>? options = null,
        ObjectStoreOptions? storeOptions = null, CancellationToken cancellationToken = default)
    {
        var (descriptor, backendOptions) = Resolve(nameOrUri, options);
        IStorageBackend backend;
        try
        {
            backend = await descriptor.Factory(backendOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not StorageException and not OperationCanceledException)
        {
            throw StorageErrors.Wrap(ex, descriptor.Name, null, "open");
        }

        return new ObjectStore(backend, storeOptions);
    }

    /// <summary>Works out which backend and which validated options <paramref name="nameOrUri"/> means, without opening it.</summary>
    public static (BackendDescriptor Descriptor, BackendOptions Options) Resolve(string nameOrUri, IReadOnlyDictionary<string, object?>? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrUri);
        var merged = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        BackendDescriptor descriptor;
        if (StorageUri.LooksLikeUri(nameOrUri))
        {
            var uri = StorageUri.Parse(nameOrUri);
            if (!BackendRegistry.TryGetByScheme(uri.Scheme, out descriptor))
            {
                throw new StorageException(StorageErrorCode.InvalidArgument,
                    $"No backend handles the URI scheme '{uri.Scheme}'. Known schemes: {string.Join(", ", BackendRegistry.All.SelectMany(d => d.Schemes))}.");
            }

            if (descriptor.UriParser is { } parser)
            {
                foreach (var (key, value) in parser(uri)) merged[key] = value;
            }

            foreach (var (key, value) in uri.Query) merged[key] = value;
        }
        else if (IsLocalPath(nameOrUri))
        {
            descriptor = BackendRegistry.Get("file");
            merged["root"] = nameOrUri;
        }
        else
        {
            descriptor = BackendRegistry.Get(nameOrUri);
        }

        foreach (var (key, value) in options ?? new Dictionary<string, object?>()) merged[key] = value;
        return (descriptor, BackendOptions.Create(descriptor, merged));
    }

    private static bool IsLocalPath(string text) =>
        text.StartsWith('/') || text.StartsWith('.') || text.StartsWith('~') || text.StartsWith('\\') ||
        (text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':') ||
        text.Contains('/', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal);
}
