using Omnistorage.Sync;
using Omnistorage.Sync.Engine;
using static Omnistorage.Core.Tests.Sync.Engine.SyncTestSupport;

namespace Omnistorage.Core.Tests.Sync.Engine;

public sealed class SyncEngineModeTests
{
    [Fact]
    public async Task Copy_adds_and_updates_but_never_deletes()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("a.txt", "alpha"), ("dir/b.txt", "beta"), ("dir/deeper/c.txt", "gamma"));
        await PutManyAsync(destination, ("a.txt", "old"), ("extra.txt", "stays"));

        var result = await SyncEngine.RunAsync(Options(source, destination));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(3, result.ObjectsTransferred);
        Assert.Equal(0, result.ObjectsDeleted);
        Assert.Equal(
            new Dictionary<string, string> { ["a.txt"] = "alpha", ["dir/b.txt"] = "beta", ["dir/deeper/c.txt"] = "gamma", ["extra.txt"] = "stays" },
            await ReadTreeAsync(destination));
    }

    [Fact]
    public async Task Copy_preserves_modification_times_so_a_second_run_transfers_nothing()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutAsync(source, "file", "content", BaseTime.AddDays(-3));

        await SyncEngine.RunAsync(Options(source, destination));
        var again = await SyncEngine.RunAsync(Options(source, destination));

        Assert.Equal(BaseTime.AddDays(-3), (await destination.StatAsync("file")).LastModified);
        Assert.Equal(0, again.ObjectsTransferred);
        Assert.Equal(1, again.ObjectsSkipped);
        Assert.Equal(1, again.ObjectsChecked);
    }

    [Fact]
    public async Task Copy_between_subdirectories_of_the_same_store_works()
    {
        await using var store = NewMemoryStore();
        await PutManyAsync(store, ("from/x", "1"), ("from/y/z", "2"));

        var result = await SyncEngine.RunAsync(new SyncOptions { Source = store, SourcePath = "from", Destination = store, DestinationPath = "to" });

        Assert.Equal(2, result.ObjectsTransferred);
        Assert.Equal(await ReadTreeAsync(store, "from"), await ReadTreeAsync(store, "to"));
    }

    [Theory]
    [InlineData(DeleteMode.After)]
    [InlineData(DeleteMode.Before)]
    [InlineData(DeleteMode.During)]
    public async Task Sync_makes_the_destination_identical_in_every_delete_mode(DeleteMode deleteMode)
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("keep", "same"), ("changed", "new content"), ("added/file", "new"));
        await PutManyAsync(destination, ("keep", "same"), ("changed", "old"), ("gone", "x"), ("gone-dir/a/b", "y"));

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { DeleteMode = deleteMode });

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(await ReadTreeAsync(source), await ReadTreeAsync(destination));
        Assert.Equal(2, result.ObjectsTransferred);
        Assert.Equal(2, result.ObjectsDeleted);
        Assert.Equal(["added"], await ListDirectoriesAsync(destination));
    }

    [Fact]
    public async Task Move_deletes_each_source_object_after_its_transfer_and_can_remove_emptied_directories()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("a", "1"), ("d/b", "2"), ("d/e/c", "3"), ("already", "same"));
        await PutAsync(destination, "already", "same");
        var expected = await ReadTreeAsync(source);

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Move) with { DeleteEmptySourceDirectories = true });

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(expected, await ReadTreeAsync(destination));
        Assert.Empty(await ReadTreeAsync(source));
        Assert.Empty(await ListDirectoriesAsync(source));
        Assert.Equal(3, result.ObjectsTransferred);
        Assert.Equal(4, result.SourceObjectsDeleted);
    }

    [Fact]
    public async Task Move_leaves_source_directories_that_still_hold_excluded_objects()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("keep/notes.tmp", "excluded"), ("keep/data", "1"), ("empty-after/data", "2"));
        var filter = FilterSet.Create(new FilterOptions { Exclude = ["*.tmp"] });

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Move) with { Filter = filter, DeleteEmptySourceDirectories = true });

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(new Dictionary<string, string> { ["keep/notes.tmp"] = "excluded" }, await ReadTreeAsync(source));
        Assert.Equal(["keep"], await ListDirectoriesAsync(source));
        Assert.Equal(1, result.DirectoriesRemoved);
    }

    [Fact]
    public async Task Move_keeps_source_objects_whose_transfer_failed()
    {
        var backend = new FaultInjectingBackend { WriteFailure = path => path == "bad" ? new StorageException(StorageErrorCode.PermissionDenied, "denied") : null };
        await using var source = NewMemoryStore();
        await using var destination = Wrap(backend);
        await PutManyAsync(source, ("good", "1"), ("bad", "2"));

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Move));

        var error = Assert.Single(result.Errors);
        Assert.Equal("bad", error.Path);
        Assert.Equal(StorageErrorCode.PermissionDenied, error.Code);
        Assert.Equal(new Dictionary<string, string> { ["bad"] = "2" }, await ReadTreeAsync(source));
        Assert.Equal(new Dictionary<string, string> { ["good"] = "1" }, await ReadTreeAsync(destination));
    }

    [Fact]
    public async Task Filters_limit_what_is_copied_and_excluded_destination_objects_survive_a_sync()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("doc.txt", "1"), ("debug.log", "2"), ("sub/x.log", "3"), ("sub/y.txt", "4"));
        await PutManyAsync(destination, ("precious.log", "keep me"), ("stale.txt", "delete me"));
        var filter = FilterSet.Create(new FilterOptions { Exclude = ["*.log"] });

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { Filter = filter });

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(
            new Dictionary<string, string> { ["doc.txt"] = "1", ["precious.log"] = "keep me", ["sub/y.txt"] = "4" },
            await ReadTreeAsync(destination));
    }

    [Fact]
    public async Task Sync_keeps_destination_only_directories_that_still_hold_excluded_objects()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutAsync(source, "a", "1");
        await PutManyAsync(destination, ("old/x.txt", "delete"), ("old/y.log", "excluded"));
        var filter = FilterSet.Create(new FilterOptions { Exclude = ["*.log"] });

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { Filter = filter });

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["old/y.log"] = "excluded" }, await ReadTreeAsync(destination));
    }

    [Fact]
    public async Task An_object_facing_a_directory_is_an_error_that_blocks_deletions()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutAsync(source, "thing", "file");
        await PutManyAsync(destination, ("thing/inner", "x"), ("extra", "y"));

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync));

        Assert.Equal(StorageErrorCode.Conflict, Assert.Single(result.Errors).Code);
        Assert.Equal(new Dictionary<string, string> { ["extra"] = "y", ["thing/inner"] = "x" }, await ReadTreeAsync(destination));
    }

    [Fact]
    public async Task A_case_insensitive_destination_is_not_recopied_or_deleted_for_a_change_of_case()
    {
        await using var source = NewMemoryStore();
        await using var destination = Wrap(new FaultInjectingBackend
        {
            Traits = new BackendTraits { IsCaseInsensitive = true, CanHaveEmptyDirectories = true, ModificationTimePrecision = TimeSpan.FromTicks(1), NativeHashes = HashTypes.Md5 },
        });
        await PutAsync(source, "Photos/IMG_1.JPG", "pixels");
        await PutAsync(destination, "photos/img_1.jpg", "pixels");

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(0, result.ObjectsTransferred);
        Assert.Equal(0, result.ObjectsDeleted);
        Assert.Equal(new Dictionary<string, string> { ["photos/img_1.jpg"] = "pixels" }, await ReadTreeAsync(destination));
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_anything_happens()
    {
        await using var store = NewMemoryStore();
        await using var other = NewMemoryStore();

        var overlap = await Assert.ThrowsAsync<StorageException>(() =>
            SyncEngine.RunAsync(new SyncOptions { Source = store, SourcePath = "a", Destination = store, DestinationPath = "a/b" }));
        Assert.Equal(StorageErrorCode.InvalidArgument, overlap.Code);

        var backup = await Assert.ThrowsAsync<StorageException>(() =>
            SyncEngine.RunAsync(new SyncOptions { Source = store, Destination = other, DestinationPath = "data", BackupDirectory = "data/old" }));
        Assert.Equal(StorageErrorCode.InvalidArgument, backup.Code);

        await Assert.ThrowsAsync<StorageException>(() => SyncEngine.RunAsync(Options(store, other) with { Transfers = 0 }));
    }

    [Fact]
    public async Task A_missing_source_root_is_reported_as_an_error_of_the_run()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutAsync(destination, "precious", "x");

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { SourcePath = "missing" });

        var error = Assert.Single(result.Errors);
        Assert.Equal(StorageErrorCode.NotFound, error.Code);
        Assert.Equal(string.Empty, error.Path);
        Assert.True(await destination.ExistsAsync("precious"));
    }

    [Fact]
    public async Task Stores_opened_by_uri_sync_like_any_other()
    {
        var name = "sync-" + Guid.NewGuid().ToString("N");
        await using var source = await Omni.Open($"memory://{name}/source");
        await using var destination = await Omni.Open($"memory://{name}/destination");
        await PutManyAsync(source, ("one", "1"), ("two/three", "3"));

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync));

        Assert.Equal(2, result.ObjectsTransferred);
        Assert.Equal(await ReadTreeAsync(source), await ReadTreeAsync(destination));
        Omnistorage.Backends.Memory.MemoryBackend.DeleteSharedStore(name);
    }
}
