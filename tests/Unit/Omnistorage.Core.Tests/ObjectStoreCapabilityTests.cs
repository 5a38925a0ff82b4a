using Omnistorage.Core.Tests.TestDoubles;

namespace Omnistorage.Core.Tests;

public sealed class ObjectStoreCapabilityTests
{
    private static readonly ObjectStoreOptions NoRetries = new() { Retry = RetryPolicy.None };

    [Fact]
    public async Task Features_of_a_backend_with_only_the_required_contract_claim_no_optional_ability()
    {
        await using var store = new ObjectStore(new ScriptedBackend(), NoRetries);
        var features = store.Features;

        Assert.Equal("scripted", features.Name);
        Assert.False(features.CanServerSideCopy);
        Assert.False(features.CanServerSideMove);
        Assert.False(features.CanMoveDirectories);
        Assert.False(features.CanPurge);
        Assert.False(features.CanListRecursively);
        Assert.False(features.CanSetModificationTime);
        Assert.False(features.CanAbout);
        Assert.False(features.CanSignUrls);
        Assert.False(features.CanAppend);
        Assert.False(features.CanResumeUploads);
        Assert.Equal(HashTypes.None, features.NativeHashes);
        Assert.Equal(HashTypes.All, features.SupportedHashes);
    }

    [Fact]
    public async Task Features_reflect_each_implemented_interface()
    {
        await using var store = new ObjectStore(new FullyCapableBackend { Traits = new BackendTraits { NativeHashes = HashTypes.Md5 } }, NoRetries);
        var features = store.Features;

        Assert.True(features.CanServerSideCopy);
        Assert.True(features.CanServerSideMove);
        Assert.True(features.CanMoveDirectories);
        Assert.True(features.CanPurge);
        Assert.True(features.CanListRecursively);
        Assert.True(features.CanSetModificationTime);
        Assert.True(features.CanAbout);
        Assert.True(features.CanSignUrls);
        Assert.True(features.CanAppend);
        Assert.True(features.CanResumeUploads);
        Assert.Equal(HashTypes.Md5, features.NativeHashes);
    }

    [Fact]
    public async Task A_backend_implementing_IPurge_can_purge_and_nothing_else()
    {
        await using var store = new ObjectStore(new PurgingBackend(), NoRetries);

        Assert.True(store.Features.CanPurge);
        Assert.False(store.Features.CanServerSideCopy);
        Assert.False(store.Features.CanListRecursively);
    }

    [Fact]
    public async Task Declared_native_hashes_without_INativeHashes_are_not_claimed()
    {
        await using var store = new ObjectStore(new ScriptedBackend { Traits = new BackendTraits { NativeHashes = HashTypes.Sha256 } }, NoRetries);

        Assert.Equal(HashTypes.None, store.Features.NativeHashes);
    }

    [Fact]
    public async Task Features_copy_the_backend_traits()
    {
        var traits = new BackendTraits
        {
            IsBucketBased = true,
            IsCaseInsensitive = true,
            CanHaveEmptyDirectories = false,
            ModificationTimePrecision = TimeSpan.FromSeconds(1),
            MaxObjectSize = 5L << 40,
            IsListingConsistent = false,
        };
        await using var store = new ObjectStore(new ScriptedBackend { Traits = traits }, NoRetries);
        var features = store.Features;

        Assert.True(features.IsBucketBased);
        Assert.True(features.IsCaseInsensitive);
        Assert.False(features.CanHaveEmptyDirectories);
        Assert.Equal(TimeSpan.FromSeconds(1), features.ModificationTimePrecision);
        Assert.True(features.HasModificationTimes);
        Assert.Equal(5L << 40, features.MaxObjectSize);
        Assert.False(features.IsListingConsistent);
    }

    [Fact]
    public async Task A_backend_without_modification_times_says_so()
    {
        await using var store = new ObjectStore(new ScriptedBackend { Traits = new BackendTraits() }, NoRetries);

        Assert.False(store.Features.HasModificationTimes);
    }

    [Fact]
    public async Task A_read_only_backend_refuses_every_change_without_calling_the_backend()
    {
        var backend = new FullyCapableBackend { Traits = new BackendTraits { IsReadOnly = true } };
        backend.AddObject("a", [1]);
        await using var store = new ObjectStore(backend, NoRetries);

        await AssertUnsupported(() => store.OpenWriteAsync("b").AsTask());
        await AssertUnsupported(() => store.WriteAllBytesAsync("b", new byte[1]).AsTask());
        await AssertUnsupported(() => store.OpenAppendAsync("a").AsTask());
        await AssertUnsupported(() => store.DeleteAsync("a").AsTask());
        await AssertUnsupported(() => store.CreateDirectoryAsync("d").AsTask());
        await AssertUnsupported(() => store.RemoveDirectoryAsync("d").AsTask());
        await AssertUnsupported(() => store.CopyAsync("a", "b").AsTask());
        await AssertUnsupported(() => store.MoveAsync("a", "b").AsTask());
        await AssertUnsupported(() => store.MoveDirectoryAsync("d", "e").AsTask());
        await AssertUnsupported(() => store.PurgeAsync("d").AsTask());

        Assert.Empty(backend.Calls);
        Assert.True(store.Features.IsReadOnly);
        Assert.Equal(new byte[] { 1 }, await store.ReadAllBytesAsync("a"));
    }

    [Fact]
    public async Task A_write_only_backend_refuses_reads_and_listings_without_calling_the_backend()
    {
        var backend = new FullyCapableBackend { Traits = new BackendTraits { IsWriteOnly = true } };
        backend.AddObject("a", [1]);
        await using var store = new ObjectStore(backend, NoRetries);

        await AssertUnsupported(() => store.OpenReadAsync("a").AsTask());
        await AssertUnsupported(() => store.ReadAllBytesAsync("a").AsTask());
        await AssertUnsupported(async () => await store.ListAsync().ToListAsync());
        await AssertUnsupported(async () => await store.ListRecursiveAsync().ToListAsync());

        Assert.Empty(backend.Calls);
        Assert.Equal(HashTypes.None, store.Features.SupportedHashes);
        await store.WriteAllBytesAsync("b", new byte[] { 2 });
        Assert.Equal(new byte[] { 2 }, backend.Objects["b"]);
    }

    [Fact]
    public async Task Optional_operations_without_the_capability_are_unsupported_and_name_the_backend()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("a", [1]);
        await using var store = new ObjectStore(backend, NoRetries);

        var errors = new[]
        {
            await AssertUnsupported(() => store.SetModificationTimeAsync("a", DateTimeOffset.UnixEpoch).AsTask()),
            await AssertUnsupported(() => store.AboutAsync().AsTask()),
            await AssertUnsupported(() => store.GetSignedUrlAsync("a").AsTask()),
            await AssertUnsupported(() => store.OpenAppendAsync("a").AsTask()),
        };

        Assert.All(errors, e => Assert.Equal("scripted", e.Backend));
        Assert.All(errors, e => Assert.Contains("scripted", e.Message, StringComparison.Ordinal));
        Assert.Empty(backend.Calls);
    }

    [Fact]
    public async Task Optional_operations_with_the_capability_reach_the_backend_with_normalized_paths()
    {
        var backend = new FullyCapableBackend();
        backend.AddObject("a/b", [1, 2]);
        await using var store = new ObjectStore(backend, NoRetries);

        await store.SetModificationTimeAsync("/a/b", DateTimeOffset.UnixEpoch);
        var usage = await store.AboutAsync();
        var url = await store.GetSignedUrlAsync("a//b");
        await using (await store.OpenAppendAsync("/a/b/"))
        {
        }

        Assert.Equal(2, usage.Used);
        Assert.EndsWith("/a/b", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(
        [
            new BackendCall("set-modtime", "a/b"),
            new BackendCall("about", ""),
            new BackendCall("sign", "a/b"),
            new BackendCall("append", "a/b"),
        ], backend.Calls);
    }

    [Fact]
    public async Task TryGetNative_returns_the_backend_itself_when_it_is_the_requested_type()
    {
        var backend = new ScriptedBackend();
        await using var store = new ObjectStore(backend, NoRetries);

        Assert.True(store.TryGetNative<ScriptedBackend>(out var native));
        Assert.Same(backend, native);
        Assert.True(store.TryGetNative<IStorageBackend>(out var asInterface));
        Assert.Same(backend, asInterface);
    }

    [Fact]
    public async Task TryGetNative_asks_INativeAccess_for_other_types()
    {
        var backend = new NativeAccessBackend();
        await using var store = new ObjectStore(backend, NoRetries);

        Assert.True(store.TryGetNative<FakeSdkClient>(out var client));
        Assert.Same(backend.Client, client);
    }

    [Fact]
    public async Task TryGetNative_of_an_unavailable_type_returns_false()
    {
        await using var plain = new ObjectStore(new ScriptedBackend(), NoRetries);
        await using var withAccess = new ObjectStore(new NativeAccessBackend(), NoRetries);

        Assert.False(plain.TryGetNative<FakeSdkClient>(out _));
        Assert.False(withAccess.TryGetNative<HttpClient>(out _));
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("a", "/a/")]
    [InlineData("dir/x", "dir//x")]
    public async Task Copying_an_object_onto_itself_is_invalid_argument(string source, string destination)
    {
        var backend = new FullyCapableBackend();
        backend.AddObject(StoragePath.Normalize(source), [1]);
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.CopyAsync(source, destination));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Empty(backend.Calls);
    }

    [Fact]
    public async Task Moving_an_object_onto_itself_is_invalid_argument()
    {
        var backend = new FullyCapableBackend();
        backend.AddObject("a", [1]);
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.MoveAsync("a", "/a"));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Equal(new byte[] { 1 }, backend.Objects["a"]);
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("a", "a/b")]
    [InlineData("a/b", "a/b/c/d")]
    [InlineData("", "x")]
    [InlineData("/", "x")]
    public async Task Moving_a_directory_into_its_own_subtree_is_invalid_argument(string source, string destination)
    {
        var backend = new FullyCapableBackend();
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.MoveDirectoryAsync(source, destination));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Empty(backend.Calls);
    }

    [Fact]
    public async Task Moving_a_directory_to_a_sibling_sharing_its_prefix_is_allowed()
    {
        var backend = new FullyCapableBackend();
        await using var store = new ObjectStore(backend, NoRetries);

        await store.MoveDirectoryAsync("a", "ab");

        Assert.Equal(new BackendCall("move-directory", "a"), Assert.Single(backend.Calls));
    }

    [Fact]
    public async Task Native_abilities_are_used_when_the_backend_has_them()
    {
        var backend = new FullyCapableBackend();
        backend.AddObject("d/x", [1]);
        await using var store = new ObjectStore(backend, NoRetries);

        await store.PurgeAsync("/d/");
        await store.CopyAsync("d/x", "d/y");
        await store.MoveAsync("d/y", "d/z");
        var recursive = await store.ListRecursiveAsync("d").ToListAsync();

        Assert.Contains(new BackendCall("purge", "d"), backend.Calls);
        Assert.Contains(new BackendCall("server-copy", "d/x"), backend.Calls);
        Assert.Contains(new BackendCall("server-move", "d/y"), backend.Calls);
        Assert.Contains(new BackendCall("list-recursive", "d"), backend.Calls);
        Assert.DoesNotContain(backend.Calls, c => c.Operation is "read" or "write" or "list");
        Assert.Equal(["d/x", "d/z"], recursive.Select(i => i.Path).Order(StringComparer.Ordinal));
    }

    private static async Task<StorageException> AssertUnsupported(Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<StorageException>(action);
        Assert.Equal(StorageErrorCode.Unsupported, error.Code);
        return error;
    }
}
