using Omnistorage.Core.Tests.TestDoubles;

namespace Omnistorage.Core.Tests;

// ObjectStore's portable fallbacks for backends that lack an optional ability, checked against a backend that records
// which primitive calls they make.
public sealed class ObjectStoreFallbackTests
{
    private static readonly ObjectStoreOptions NoRetries = new() { Retry = RetryPolicy.None };

    [Fact]
    public async Task Copy_without_server_side_copy_streams_the_object_and_declares_its_size()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("src", "payload"u8.ToArray());
        await using var store = new ObjectStore(backend, NoRetries);

        var copied = await store.CopyAsync("src", "dst/copy");

        Assert.Equal("dst/copy", copied.Path);
        Assert.Equal("payload"u8.ToArray(), backend.Objects["dst/copy"]);
        Assert.Equal("payload"u8.ToArray(), backend.Objects["src"]);
        Assert.Equal(7, Assert.Single(backend.WriteOptionsSeen).Size);
    }

    [Fact]
    public async Task Copy_without_overwrite_onto_an_existing_object_is_already_exists_and_writes_nothing()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("src", [1]);
        backend.AddObject("dst", [2]);
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.CopyAsync("src", "dst", new CopyOptions { Overwrite = false }));

        Assert.Equal(StorageErrorCode.AlreadyExists, error.Code);
        Assert.Equal(0, backend.CountCalls("write"));
        Assert.Equal(new byte[] { 2 }, backend.Objects["dst"]);
    }

    [Fact]
    public async Task Copy_of_a_directory_is_invalid_argument()
    {
        var backend = new ScriptedBackend();
        backend.AddDirectory("dir");
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.CopyAsync("dir", "other"));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Equal(0, backend.CountCalls("write"));
    }

    [Fact]
    public async Task Copy_reports_progress_as_bytes_copied()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("src", new byte[10_000]);
        await using var store = new ObjectStore(backend, NoRetries);
        var reports = new List<long>();

        await store.CopyAsync("src", "dst", new CopyOptions { Progress = new SynchronousProgress(reports.Add), BufferSize = 4096 });

        Assert.Equal(10_000, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public async Task Move_without_server_side_move_deletes_the_source_only_after_the_copy_committed()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("from", [7]);
        await using var store = new ObjectStore(backend, NoRetries);

        await store.MoveAsync("from", "to");

        Assert.False(backend.Objects.ContainsKey("from"));
        Assert.Equal(new byte[] { 7 }, backend.Objects["to"]);
        var operations = backend.Calls.Select(c => c.Operation).ToList();
        Assert.True(operations.IndexOf("write") < operations.IndexOf("delete"), string.Join(", ", operations));
    }

    [Fact]
    public async Task A_move_whose_copy_fails_to_commit_keeps_the_source()
    {
        var backend = new ScriptedBackend { CommitFailure = new IOException("no space left on the service") };
        backend.AddObject("from", [7]);
        await using var store = new ObjectStore(backend, NoRetries);

        await Assert.ThrowsAnyAsync<Exception>(async () => await store.MoveAsync("from", "to"));

        Assert.Equal(new byte[] { 7 }, backend.Objects["from"]);
        Assert.False(backend.Objects.ContainsKey("to"));
        Assert.Equal(0, backend.CountCalls("delete"));
    }

    // Error wrapping is the portable layer's job; a native failure while committing the fallback copy must reach the
    // caller as a StorageException like every other failure of the same call.
    [Fact]
    public async Task A_native_commit_failure_in_a_fallback_copy_is_reported_as_a_storage_error()
    {
        var failure = new IOException("no space left on the service");
        var backend = new ScriptedBackend { CommitFailure = failure };
        backend.AddObject("from", [7]);
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.CopyAsync("from", "to"));

        Assert.Same(failure, error.InnerException);
        Assert.Equal("scripted", error.Backend);
    }

    [Fact]
    public async Task CopyPathAsync_between_two_stores_streams_through_the_client()
    {
        var source = new FullyCapableBackend();
        source.AddObject("a/b", "cross"u8.ToArray());
        var destination = new ScriptedBackend();
        await using var from = new ObjectStore(source, NoRetries);
        await using var to = new ObjectStore(destination, NoRetries);

        await ObjectStore.CopyPathAsync(from, "/a/b", to, "c/d");

        Assert.Equal("cross"u8.ToArray(), destination.Objects["c/d"]);
        Assert.DoesNotContain(source.Calls, c => c.Operation == "server-copy");
    }

    [Fact]
    public async Task ListRecursive_without_a_native_lister_walks_every_directory()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("top/1", [1]);
        backend.AddObject("top/sub/2", [2]);
        backend.AddObject("top/sub/deeper/3", [3]);
        backend.AddDirectory("top/empty");
        backend.AddObject("elsewhere", [4]);
        await using var store = new ObjectStore(backend, NoRetries);

        var items = await store.ListRecursiveAsync("/top/").ToListAsync();

        Assert.Equal(
            ["top/1", "top/empty", "top/sub", "top/sub/2", "top/sub/deeper", "top/sub/deeper/3"],
            items.Select(i => i.Path).Order(StringComparer.Ordinal));
        Assert.Equal(4, backend.CountCalls("list"));
    }

    [Fact]
    public async Task Purge_without_native_purge_deletes_every_object_and_removes_directories_deepest_first()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("p/1", [1]);
        backend.AddObject("p/a/2", [2]);
        backend.AddObject("p/a/b/3", [3]);
        backend.AddObject("keep", [4]);
        await using var store = new ObjectStore(backend, NoRetries);

        await store.PurgeAsync("p");

        Assert.Equal(["keep"], backend.Objects.Keys);
        Assert.Empty(backend.Directories);
        var removed = backend.Calls.Where(c => c.Operation == "rmdir").Select(c => c.Path).ToList();
        Assert.Equal(["p/a/b", "p/a", "p"], removed);
    }

    [Fact]
    public async Task Purge_of_an_object_is_invalid_argument()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("file", [1]);
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.PurgeAsync("file"));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.True(backend.Objects.ContainsKey("file"));
    }

    [Fact]
    public async Task MoveDirectory_without_a_native_move_moves_every_object_and_removes_the_source()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("old/1", [1]);
        backend.AddObject("old/sub/2", [2]);
        backend.AddDirectory("old/empty");
        await using var store = new ObjectStore(backend, NoRetries);

        await store.MoveDirectoryAsync("old", "new");

        Assert.Equal(["new/1", "new/sub/2"], backend.Objects.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["new", "new/empty", "new/sub"], backend.Directories.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetHashes_uses_hashes_the_backend_already_reported_without_reading()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("h", "abc"u8.ToArray());
        backend.StatHashes["h"] = new Dictionary<HashType, string> { [HashType.Md5] = "reported-by-service" };
        await using var store = new ObjectStore(backend, NoRetries);

        var md5 = await store.GetHashAsync("h", HashType.Md5);

        Assert.Equal("reported-by-service", md5);
        Assert.Equal(0, backend.CountCalls("read"));
    }

    [Fact]
    public async Task GetHashes_computes_the_missing_hashes_in_one_read()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("h", "abc"u8.ToArray());
        backend.StatHashes["h"] = new Dictionary<HashType, string> { [HashType.Md5] = "reported-by-service" };
        await using var store = new ObjectStore(backend, NoRetries);

        var hashes = await store.GetHashesAsync("h", HashTypes.Md5 | HashTypes.Sha256 | HashTypes.Crc32C);

        Assert.Equal("reported-by-service", hashes[HashType.Md5]);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hashes[HashType.Sha256]);
        Assert.Equal("364b3fb7", hashes[HashType.Crc32C]);
        Assert.Equal(3, hashes.Count);
        Assert.Equal(1, backend.CountCalls("read"));
    }

    [Fact]
    public async Task GetHashes_asks_native_hashes_first_and_reads_when_the_service_has_none()
    {
        var backend = new FullyCapableBackend { Traits = new BackendTraits { NativeHashes = HashTypes.Sha1 } };
        backend.AddObject("h", "abc"u8.ToArray());
        await using var store = new ObjectStore(backend, NoRetries);

        var sha1 = await store.GetHashAsync("h", HashType.Sha1);

        Assert.Equal("a9993e364706816aba3e25717850c26c9cd0d89d", sha1);
        Assert.Equal(1, backend.CountCalls("native-hash"));
        Assert.Equal(1, backend.CountCalls("read"));
    }

    [Fact]
    public async Task GetHashes_of_a_directory_is_invalid_argument()
    {
        var backend = new ScriptedBackend();
        backend.AddDirectory("d");
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.GetHashAsync("d", HashType.Md5));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
    }

    /// <summary>Reports synchronously (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
