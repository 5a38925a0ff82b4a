namespace Omnistorage.Backends.Memory;

/// <summary>Settings for one <see cref="MemoryBackend"/> instance.</summary>
public sealed record MemoryBackendOptions
{
    /// <summary>
    /// The name of a process-wide shared store, or null for a new private store. Every backend opened in the process
    /// with the same name sees the same objects, so <c>memory://scratch/a</c> and <c>memory://scratch/b</c> are two
    /// folders of one store. A private store lives as long as the backends that use it.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>The folder within the store that this backend treats as its root (<c>""</c> for the whole store). Created when missing.</summary>
    public string Prefix { get; init; } = string.Empty;
}
