using Omnistorage.Sync;
using Omnistorage.Sync.Engine;
using static Omnistorage.Core.Tests.Sync.Engine.SyncTestSupport;

namespace Omnistorage.Core.Tests.Sync.Engine;

/// <summary>Large and deep trees: the engine must finish them with bounded work queues (memory is measured by the benchmark).</summary>
public sealed class SyncEngineScaleTests
{
    private static readonly byte[] Payload = [1, 2, 3, 4, 5, 6, 7, 8];

    private static async Task FillAsync(ObjectStore store, string directory, int count)
    {
        var options = new WriteOptions { LastModified = BaseTime };
        for (var i = 0; i < count; i++)
        {
            await store.WriteAllBytesAsync($"{directory}/object-{i:D6}", Payload, options);
        }
    }

    [Fact]
    public async Task A_directory_of_twenty_thousand_objects_is_copied_then_found_identical()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await FillAsync(source, "big", 20_000);

        var copy = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync));
        var again = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync));

        Assert.True(copy.Succeeded, string.Join("; ", copy.Errors.Take(3)));
        Assert.Equal(20_000, copy.ObjectsTransferred);
        Assert.Equal(20_000 * Payload.Length, copy.BytesTransferred);
        Assert.Equal(0, again.ObjectsTransferred);
        Assert.Equal(20_000, again.ObjectsSkipped);
    }

    [Fact]
    public async Task A_deep_tree_is_walked_to_the_bottom()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        var path = string.Join('/', Enumerable.Range(0, 60).Select(i => $"level{i}"));
        await PutManyAsync(source, (path + "/leaf", "bottom"), ("level0/side", "top"));
        await PutAsync(destination, path + "/stale", "x");

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(await ReadTreeAsync(source), await ReadTreeAsync(destination));
    }

    [Fact]
    public async Task A_two_hundred_thousand_object_identical_tree_plans_to_do_nothing()
    {
        // Synthetic trees list their objects on the fly, so the test measures the engine rather than filling a store.
        await using var source = Wrap(new SyntheticTreeBackend(directories: 100, objectsPerDirectory: 2_000));
        await using var destination = Wrap(new SyntheticTreeBackend(directories: 100, objectsPerDirectory: 2_000));

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { DryRun = true });

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Take(3)));
        Assert.Equal(200_000, result.ObjectsChecked);
        Assert.Equal(200_000, result.ObjectsSkipped);
        Assert.Empty(result.Actions);
    }

    /// <summary>
    /// A read-only tree of <c>dirNNN/object-NNNNNN</c> objects generated while listed (in reverse order, to exercise
    /// the per-directory sort): every object has the same size and time, so two instances are identical trees.
    /// </summary>
    private sealed class SyntheticTreeBackend(int directories, int objectsPerDirectory) : IStorageBackend
    {
        public string Name => "synthetic";

        public string Root => "synthetic://tree";

        public BackendTraits Traits { get; } = new() { CanHaveEmptyDirectories = true, ModificationTimePrecision = TimeSpan.FromSeconds(1), IsReadOnly = true };

        public async IAsyncEnumerable<ObjectInfo> ListAsync(string directory, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (directory.Length == 0)
            {
                for (var d = directories - 1; d >= 0; d--) yield return ObjectInfo.Directory($"dir{d:D3}");
                yield break;
            }

            for (var i = objectsPerDirectory - 1; i >= 0; i--)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new ObjectInfo { Path = $"{directory}/object-{i:D6}", Size = 8, LastModified = BaseTime };
            }
        }

        public ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default) =>
            path.Length == 0 ? ValueTask.FromResult(ObjectInfo.Directory(path)) : throw StorageException.NotFound(path, Name);

        public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default) => throw Unsupported();

        public ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions options, CancellationToken cancellationToken = default) => throw Unsupported();

        public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default) => throw Unsupported();

        public ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) => ValueTask.FromResult(path.Length == 0);

        public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default) => throw Unsupported();

        public ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default) => throw Unsupported();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private StorageException Unsupported() => StorageException.Unsupported(Name, "changes (the synthetic tree is read-only)");
    }
}
