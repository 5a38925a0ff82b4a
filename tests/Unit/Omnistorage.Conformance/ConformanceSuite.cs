using System.Runtime.CompilerServices;

namespace Omnistorage.Conformance;

/// <summary>
/// The backend conformance suite: the executable form of the storage contract (rclone's fstests, go-cloud's drivertest).
/// A backend joins by subclassing this once in its test project and implementing <see cref="CreateStoreAsync"/>.
/// Cases are split into partial files by area and skip by capability (<see cref="BackendFeatures"/>); a backend may
/// skip a case only through <see cref="SkipReason"/>, with a written reason. Skipped cases are reported as skipped.
/// Every case talks to the backend only through <see cref="ObjectStore"/> and decides what applies from
/// <see cref="ObjectStore.Features"/>, never from the backend's type.
/// </summary>
public abstract partial class ConformanceSuite : IAsyncLifetime
{
    protected const int KiB = 1024;
    protected const int MiB = 1024 * 1024;

    private ObjectStore? _store;

    /// <summary>The fresh, empty store under test (a random prefix or directory of the real backend).</summary>
    protected ObjectStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>
    /// True when the backend keeps object data in this process's managed heap (the memory backend). The large-object
    /// case then still round-trips its object but does not assert that the heap stayed flat, since holding the data is
    /// the store's job.
    /// </summary>
    protected virtual bool StoresDataInProcess => false;

    /// <summary>
    /// Creates a fresh, empty store for one test: a new random prefix, directory or container on the real backend.
    /// The harness removes it again in <see cref="CleanupAsync"/>.
    /// </summary>
    protected abstract ValueTask<ObjectStore> CreateStoreAsync();

    /// <summary>Removes everything <see cref="CreateStoreAsync"/> created. Called after every test.</summary>
    protected virtual ValueTask CleanupAsync(ObjectStore store) => ValueTask.CompletedTask;

    /// <summary>Returns a reason to skip the named case for this backend only, or null to run it.</summary>
    protected virtual string? SkipReason(string caseName) => null;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await CleanupAsync(_store);
            await _store.DisposeAsync();
        }
    }

    /// <summary>Reports the running case as skipped, with <paramref name="reason"/>.</summary>
    protected static void Skip(string reason) => throw new SkipCaseException(reason);

    /// <summary>
    /// The first statement of every case: skips it when the harness gave a <see cref="SkipReason"/> for it.
    /// </summary>
    protected void BeginCase([CallerMemberName] string caseName = "")
    {
        if (SkipReason(caseName) is { } reason) Skip($"Skipped by the {Store.Name} harness: {reason}");
    }

    /// <summary>
    /// A store over the same backend that sees only <see cref="IStorageBackend"/> (see <see cref="BasicBackendView"/>),
    /// forcing the portable fallbacks. It does not own the backend.
    /// </summary>
    protected ObjectStore CreateBasicStore(out BasicBackendView view)
    {
        view = new BasicBackendView(Store.Backend);
        return new ObjectStore(view, new ObjectStoreOptions { OwnsBackend = false, Retry = RetryPolicy.None });
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> in one commit.</summary>
    protected async Task<ObjectInfo> PutAsync(string path, byte[] content, WriteOptions? options = null, ObjectStore? store = null) =>
        await (store ?? Store).WriteAllBytesAsync(path, content, options);

    /// <summary>Reads a whole object through a stream, in small reads, as a caller without ReadAllBytes would.</summary>
    protected async Task<byte[]> GetAsync(string path, ObjectStore? store = null, ByteRange range = default)
    {
        await using var stream = await (store ?? Store).OpenReadAsync(path, range);
        return await ReadToEndAsync(stream);
    }

    protected static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using var collected = new MemoryStream();
        var buffer = new byte[7 * KiB + 3];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            collected.Write(buffer, 0, read);
        }

        return collected.ToArray();
    }

    protected async Task<List<ObjectInfo>> ListAsync(string directory = "", ObjectStore? store = null)
    {
        var items = new List<ObjectInfo>();
        await foreach (var item in (store ?? Store).ListAsync(directory))
        {
            items.Add(item);
        }

        return items;
    }

    protected async Task<List<ObjectInfo>> ListRecursiveAsync(string directory = "", ObjectStore? store = null)
    {
        var items = new List<ObjectInfo>();
        await foreach (var item in (store ?? Store).ListRecursiveAsync(directory))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Asserts that <paramref name="action"/> fails with a <see cref="StorageException"/> of <paramref name="code"/>.</summary>
    protected static async Task<StorageException> AssertFailsAsync(StorageErrorCode code, Func<Task> action, string? because = null)
    {
        var error = await Assert.ThrowsAnyAsync<StorageException>(action);
        Assert.True(error.Code == code, $"Expected {code} but got {error.Code}{(because is null ? "" : " " + because)}: {error}");
        return error;
    }

    /// <summary>Asserts a cancellation: an <see cref="OperationCanceledException"/>, or a <see cref="StorageException"/> coded Canceled.</summary>
    protected static async Task AssertCanceledAsync(Func<Task> action)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(action);
        Assert.True(error is OperationCanceledException or StorageException { Code: StorageErrorCode.Canceled },
            $"Expected a cancellation but got {error}");
    }

    /// <summary>
    /// Asserts that nothing is visible at <paramref name="path"/>: stat is NotFound, Exists is false, reading is
    /// NotFound, and the parent's listing does not name it.
    /// </summary>
    protected async Task AssertAbsentAsync(string path, ObjectStore? store = null)
    {
        store ??= Store;
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await store.StatAsync(path), $"stat of '{path}'");
        Assert.False(await store.ExistsAsync(path), $"'{path}' should not exist.");
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await store.OpenReadAsync(path), $"reading '{path}'");
        var parent = StoragePath.GetParent(path);
        if (parent.Length == 0 || await store.ExistsAsync(parent))
        {
            Assert.DoesNotContain(await ListAsync(parent, store), item => item.Path == path);
        }
    }

    /// <summary>Asserts that <paramref name="path"/> holds exactly <paramref name="expected"/>, by stat and by reading.</summary>
    protected async Task AssertContentAsync(string path, byte[] expected, ObjectStore? store = null)
    {
        store ??= Store;
        var info = await store.StatAsync(path);
        Assert.False(info.IsDirectory, $"'{path}' should be an object.");
        Assert.Equal(expected.Length, info.Size);
        var actual = await GetAsync(path, store);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"The content of '{path}' differs from what was written ({actual.Length} bytes read, {expected.Length} expected).");
    }

    /// <summary>Asserts that two times are equal within the backend's modification-time precision.</summary>
    protected void AssertSameTime(DateTimeOffset expected, DateTimeOffset? actual, string what)
    {
        Assert.True(actual.HasValue, $"{what}: no modification time was returned.");
        var difference = (actual.Value - expected).Duration();
        Assert.True(difference < Store.Features.ModificationTimePrecision,
            $"{what}: expected {expected:O} but got {actual.Value:O} (precision {Store.Features.ModificationTimePrecision}).");
    }
}
