using Omnistorage.Backends.Memory;

namespace Omnistorage.Backends.Multi.Tests;

/// <summary>Builders shared by the multi backend tests. Retries are off everywhere so injected failures surface at once.</summary>
internal static class MultiTestSupport
{
    public static readonly ObjectStoreOptions NoRetry = new() { Retry = RetryPolicy.None };

    /// <summary>A new private memory store.</summary>
    public static ObjectStore NewMemoryStore() => new(new MemoryBackend(), NoRetry);

    /// <summary>A store over <paramref name="backend"/> (a <see cref="FailingBackend"/>, usually).</summary>
    public static ObjectStore Store(IStorageBackend backend) => new(backend, NoRetry);

    /// <summary>A store over a multi backend fanning out to <paramref name="targets"/>.</summary>
    public static ObjectStore NewMultiStore(IReadOnlyList<ObjectStore> targets, MultiBackendOptions? options = null) =>
        new(new MultiBackend(targets, options), NoRetry);

    /// <summary>Deterministic, non-repeating test content.</summary>
    public static byte[] Content(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static async Task<byte[]> ReadAsync(ObjectStore store, string path) => await store.ReadAllBytesAsync(path);
}
