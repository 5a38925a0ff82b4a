using System.Text;
using Omnistorage.Backends.Memory;
using Omnistorage.Sync;

namespace Omnistorage.Core.Tests.Sync.Engine;

/// <summary>Builds small trees in stores and reads them back for the sync engine tests.</summary>
internal static class SyncTestSupport
{
    /// <summary>A fixed, whole-second time so that tests never depend on the clock.</summary>
    public static readonly DateTimeOffset BaseTime = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static ObjectStore NewMemoryStore() => MemoryBackend.Create();

    public static ObjectStore Wrap(IStorageBackend backend) => new(backend, new ObjectStoreOptions { Retry = RetryPolicy.None });

    public static async Task PutAsync(ObjectStore store, string path, string content, DateTimeOffset? modified = null) =>
        await store.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(content), new WriteOptions { LastModified = modified ?? BaseTime });

    public static async Task PutManyAsync(ObjectStore store, params (string Path, string Content)[] items)
    {
        foreach (var (path, content) in items) await PutAsync(store, path, content);
    }

    /// <summary>Every object below <paramref name="root"/>, by path relative to it, with its content as text.</summary>
    public static async Task<SortedDictionary<string, string>> ReadTreeAsync(ObjectStore store, string root = "")
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!await store.ExistsAsync(root)) return tree;
        await foreach (var item in store.ListRecursiveAsync(root))
        {
            if (item.IsDirectory) continue;
            tree[StoragePath.GetRelative(root, item.Path)] = Encoding.UTF8.GetString(await store.ReadAllBytesAsync(item.Path));
        }

        return tree;
    }

    /// <summary>Every directory below <paramref name="root"/>, relative to it.</summary>
    public static async Task<List<string>> ListDirectoriesAsync(ObjectStore store, string root = "")
    {
        var directories = new List<string>();
        await foreach (var item in store.ListRecursiveAsync(root))
        {
            if (item.IsDirectory) directories.Add(StoragePath.GetRelative(root, item.Path));
        }

        directories.Sort(StringComparer.Ordinal);
        return directories;
    }

    public static SyncOptions Options(ObjectStore source, ObjectStore destination, SyncMode mode = SyncMode.Copy) =>
        new() { Source = source, Destination = destination, Mode = mode };
}

/// <summary>Collects reports synchronously (unlike <see cref="Progress{T}"/>, which posts them to a context).</summary>
internal sealed class CollectingProgress<T> : IProgress<T>
{
    private readonly List<T> _items = [];

    public Action<T>? OnReport { get; init; }

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_items) return _items.ToList();
        }
    }

    public void Report(T value)
    {
        lock (_items) _items.Add(value);
        OnReport?.Invoke(value);
    }
}
