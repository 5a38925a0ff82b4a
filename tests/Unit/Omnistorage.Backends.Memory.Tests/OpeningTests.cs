using System.Text;
using Omnistorage.Backends.Memory;

namespace Omnistorage.Backends.Memory.Tests;

/// <summary>Opening memory stores by name, URI and options, and sharing named stores.</summary>
public sealed class OpeningTests : IDisposable
{
    private readonly string _storeName = "test-" + Guid.NewGuid().ToString("N");

    public void Dispose() => MemoryBackend.DeleteSharedStore(_storeName);

    [Fact]
    public async Task Opening_by_backend_name_gives_a_new_private_store_each_time()
    {
        await using var first = await Omni.Open("memory");
        await using var second = await Omni.Open("memory");
        Assert.Equal("memory", first.Name);
        await first.WriteAllBytesAsync("only-in-first.txt", new byte[] { 1 });
        Assert.True(await first.ExistsAsync("only-in-first.txt"));
        Assert.False(await second.ExistsAsync("only-in-first.txt"));
    }

    [Fact]
    public async Task Opens_with_the_same_name_share_one_store()
    {
        await using var writer = await Omni.Open($"memory://{_storeName}/shared");
        await using var reader = await Omni.Open($"memory://{_storeName}/shared");
        await writer.WriteAllBytesAsync("note.txt", "hello"u8.ToArray());
        Assert.Equal("hello"u8.ToArray(), await reader.ReadAllBytesAsync("note.txt"));
        Assert.Equal($"memory://{_storeName}/shared", writer.Root);
    }

    [Fact]
    public async Task Prefixes_are_folders_of_the_shared_store()
    {
        await using var left = await Omni.Open($"memory://{_storeName}/left");
        await using var right = await Omni.Open($"mem://{_storeName}/right/deeper");
        await using var whole = await Omni.Open("memory", new Dictionary<string, object?> { ["name"] = _storeName });
        await left.WriteAllBytesAsync("a.txt", new byte[] { 1 });
        await right.WriteAllBytesAsync("b.txt", new byte[] { 2 });

        Assert.False(await left.ExistsAsync("b.txt"));
        Assert.False(await right.ExistsAsync("a.txt"));
        Assert.Equal(new byte[] { 1 }, await whole.ReadAllBytesAsync("left/a.txt"));
        Assert.Equal(new byte[] { 2 }, await whole.ReadAllBytesAsync("right/deeper/b.txt"));
        var top = new List<string>();
        await foreach (var item in whole.ListAsync()) top.Add(item.Path);
        Assert.Equal(["left", "right"], top);
    }

    [Fact]
    public async Task The_prefix_directory_exists_as_soon_as_the_store_is_opened()
    {
        await using var scoped = await Omni.Open($"memory://{_storeName}/made/on/open");
        await using var whole = await Omni.Open($"memory://{_storeName}");
        Assert.True((await whole.StatAsync("made/on/open")).IsDirectory);
        Assert.Empty(await ToListAsync(scoped.ListAsync()));
    }

    [Fact]
    public async Task Options_given_explicitly_win_over_the_uri()
    {
        await using var scoped = await Omni.Open($"memory://{_storeName}/from-uri", new Dictionary<string, object?> { ["prefix"] = "from-options" });
        await scoped.WriteAllBytesAsync("x.txt", new byte[] { 3 });
        await using var whole = await Omni.Open($"memory://{_storeName}");
        Assert.True(await whole.ExistsAsync("from-options/x.txt"));
        Assert.False(await whole.ExistsAsync("from-uri"));
    }

    [Fact]
    public async Task Deleting_a_shared_store_lets_the_next_open_start_empty()
    {
        await using (var before = await Omni.Open($"memory://{_storeName}"))
        {
            await before.WriteAllBytesAsync("old.txt", new byte[] { 1 });
        }

        Assert.True(MemoryBackend.DeleteSharedStore(_storeName));
        Assert.False(MemoryBackend.DeleteSharedStore(_storeName));
        await using var after = await Omni.Open($"memory://{_storeName}");
        Assert.False(await after.ExistsAsync("old.txt"));
    }

    [Fact]
    public async Task Unknown_option_is_an_error_naming_the_backend_and_the_option()
    {
        var error = await Assert.ThrowsAsync<StorageException>(async () =>
            await Omni.Open("memory", new Dictionary<string, object?> { ["colour"] = "blue" }));
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("memory", error.Message, StringComparison.Ordinal);
        Assert.Contains("colour", error.Message, StringComparison.Ordinal);

        var fromQuery = await Assert.ThrowsAsync<StorageException>(async () => await Omni.Open($"memory://{_storeName}/p?flavour=sweet"));
        Assert.Equal(StorageErrorCode.InvalidArgument, fromQuery.Code);
        Assert.Contains("flavour", fromQuery.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prefix_that_leaves_the_store_is_rejected()
    {
        var error = await Assert.ThrowsAsync<StorageException>(async () =>
            await Omni.Open("memory", new Dictionary<string, object?> { ["prefix"] = "a/../../b" }));
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Equal("memory", error.Backend);
    }

    [Fact]
    public async Task A_prefix_blocked_by_an_object_is_a_conflict()
    {
        await using (var whole = await Omni.Open($"memory://{_storeName}"))
        {
            await whole.WriteAllBytesAsync("blocker", new byte[] { 1 });
        }

        var error = await Assert.ThrowsAsync<StorageException>(async () => await Omni.Open($"memory://{_storeName}/blocker/inside"));
        Assert.Equal(StorageErrorCode.Conflict, error.Code);
    }

    [Fact]
    public void The_descriptor_declares_schemes_and_options_with_environment_variables()
    {
        var descriptor = BackendRegistry.Get("memory");
        Assert.Equal(["memory", "mem"], descriptor.Schemes);
        Assert.True(BackendRegistry.TryGetByScheme("mem", out var byScheme));
        Assert.Same(descriptor, byScheme);
        Assert.Equal("OMNI_MEMORY_NAME", descriptor.FindOption("name")?.EnvironmentVariable);
        Assert.Equal("OMNI_MEMORY_PREFIX", descriptor.FindOption("prefix")?.EnvironmentVariable);

        var environment = new Dictionary<string, string> { ["OMNI_MEMORY_NAME"] = _storeName, ["OMNI_MEMORY_PREFIX"] = "from-env" };
        var options = BackendOptions.Create(descriptor, null, name => environment.GetValueOrDefault(name));
        Assert.Equal(_storeName, options.GetString("name"));
        Assert.Equal("from-env", options.GetString("prefix"));
    }

    [Fact]
    public async Task Create_gives_a_ready_store_for_unit_tests()
    {
        await using var store = MemoryBackend.Create();
        await store.WriteAllBytesAsync("dir/file.txt", Encoding.UTF8.GetBytes("content"));
        Assert.Equal("content", Encoding.UTF8.GetString(await store.ReadAllBytesAsync("dir/file.txt")));
        Assert.True(store.Features.CanServerSideCopy);
        Assert.True(store.Features.CanAppend);
        Assert.Equal(HashTypes.Md5, store.Features.NativeHashes);
        Assert.Equal(TimeSpan.FromTicks(1), store.Features.ModificationTimePrecision);
        Assert.True(store.Features.CanHaveEmptyDirectories);
        Assert.False(store.Features.IsCaseInsensitive);
        Assert.True(store.TryGetNative<MemoryBackend>(out var backend));
        Assert.Null(backend.StoreName);
    }

    private static async Task<List<ObjectInfo>> ToListAsync(IAsyncEnumerable<ObjectInfo> items)
    {
        var list = new List<ObjectInfo>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
