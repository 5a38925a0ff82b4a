using System.Collections.Concurrent;

namespace Omnistorage.Backends.Memory;

/// <summary>
/// The data of one memory store: a tree of directories and objects behind a single lock. Several
/// <see cref="MemoryBackend"/> instances may share one store (named stores), each rooted at its own prefix.
/// The lock is held only to look up or swap entries, never while bytes are copied: object content is immutable and is
/// read and written outside it.
/// </summary>
internal sealed class MemoryStore
{
    private static readonly ConcurrentDictionary<string, MemoryStore> SharedStores = new(StringComparer.Ordinal);

    private MemoryStore(string? name)
    {
        Name = name;
    }

    /// <summary>The shared name, or null for a private store.</summary>
    public string? Name { get; }

    /// <summary>Guards every read and change of the tree below <see cref="Root"/>.</summary>
    public object Gate { get; } = new();

    public MemoryDirectory Root { get; } = new(DateTimeOffset.UtcNow);

    public static MemoryStore CreatePrivate() => new(null);

    /// <summary>The store every backend opened with <paramref name="name"/> in this process shares; created on first use.</summary>
    public static MemoryStore GetShared(string name) => SharedStores.GetOrAdd(name, static n => new MemoryStore(n));

    /// <summary>Forgets a shared store; backends still open on it keep working on the detached data.</summary>
    public static bool RemoveShared(string name) => SharedStores.TryRemove(name, out _);
}
