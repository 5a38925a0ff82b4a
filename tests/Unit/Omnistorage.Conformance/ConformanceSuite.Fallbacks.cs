namespace Omnistorage.Conformance;

// The portable fallbacks of ObjectStore, run over every backend: the store is wrapped in a BasicBackendView that
// exposes only IStorageBackend, so copy, move, directory move, purge, recursive listing and hashing must all be done
// with the required operations alone. A backend whose required operations are right passes these too.
public abstract partial class ConformanceSuite
{
    [ConformanceFact]
    public async Task Fallback_copy_duplicates_an_object()
    {
        BeginCase();
        await using var basic = CreateBasicStore(out _);
        Assert.False(basic.Features.CanServerSideCopy);
        await AssertCopyWorksAsync(basic);
    }

    [ConformanceFact]
    public async Task Fallback_move_renames_an_object()
    {
        BeginCase();
        await using var basic = CreateBasicStore(out _);
        Assert.False(basic.Features.CanServerSideMove);
        await AssertMoveWorksAsync(basic);
    }

    [ConformanceFact]
    public async Task Fallback_directory_move_moves_the_whole_tree()
    {
        BeginCase();
        await using var basic = CreateBasicStore(out _);
        Assert.False(basic.Features.CanMoveDirectories);
        await AssertDirectoryMoveWorksAsync(basic);
    }

    [ConformanceFact]
    public async Task Fallback_purge_deletes_a_whole_tree()
    {
        BeginCase();
        await using var basic = CreateBasicStore(out _);
        Assert.False(basic.Features.CanPurge);
        await AssertPurgeWorksAsync(basic);
    }

    [ConformanceFact]
    public async Task Fallback_purge_of_the_root_empties_the_store()
    {
        BeginCase();
        await using var basic = CreateBasicStore(out _);
        await AssertRootPurgeWorksAsync(basic);
    }

    [ConformanceFact]
    public async Task Fallback_recursive_listing_equals_the_whole_tree()
    {
        BeginCase();
        await using var basic = CreateBasicStore(out _);
        Assert.False(basic.Features.CanListRecursively);
        await BuildTreeAsync(basic);
        AssertIsTree(await ListRecursiveAsync("", basic), "");
        var native = await ListRecursiveAsync();
        Assert.Equal(native.Where(i => !i.IsDirectory).Select(i => (i.Path, i.Size)).Order(),
            (await ListRecursiveAsync("", basic)).Where(i => !i.IsDirectory).Select(i => (i.Path, i.Size)).Order());
    }

    [ConformanceFact]
    public async Task Fallback_hashes_are_computed_by_reading()
    {
        BeginCase();
        await using var basic = CreateBasicStore(out var view);
        Assert.Equal(HashTypes.None, basic.Features.NativeHashes);
        var content = GeneratedContent.Bytes(60, 123_457);
        await PutAsync("hash-me.bin", content, store: basic);
        var expected = MultiHasher.Compute(content, HashTypes.All);
        var computed = await basic.GetHashesAsync("hash-me.bin", HashTypes.All);
        Assert.Equal(expected.OrderBy(kv => kv.Key), computed.OrderBy(kv => kv.Key));
        Assert.True(view.Calls > 0);
    }
}
