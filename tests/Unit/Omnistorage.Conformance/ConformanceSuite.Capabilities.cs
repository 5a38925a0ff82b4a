using Omnistorage.Backends.Memory;

namespace Omnistorage.Conformance;

// Optional capabilities, through ObjectStore: the backend's native implementation when it has one, the portable
// fallback otherwise (the Fallbacks cases force the fallback for every backend). Operations without a fallback are
// checked to fail with Unsupported when the capability is absent, and the case is then reported as skipped.
public abstract partial class ConformanceSuite
{
    private static readonly DateTimeOffset SourceTime = new(2010, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [ConformanceFact]
    public async Task Features_describe_the_backend()
    {
        BeginCase();
        Assert.Equal(BackendFeatures.Describe(Store.Backend), Store.Features);
        Assert.Equal(Store.Backend.Name, Store.Features.Name);
        Assert.False(string.IsNullOrWhiteSpace(Store.Root));
        Assert.True(Store.Features.ModificationTimePrecision > TimeSpan.Zero);
        Assert.False(Store.Features.IsReadOnly, "The conformance suite needs a writable backend.");
        Assert.False(Store.Features.IsWriteOnly, "The conformance suite needs a readable backend.");
        Assert.Equal(HashTypes.All, Store.Features.SupportedHashes);
    }

    [ConformanceFact]
    public Task Copy_duplicates_an_object() => RunCaseAsync(() => AssertCopyWorksAsync(Store));

    [ConformanceFact]
    public Task Move_renames_an_object() => RunCaseAsync(() => AssertMoveWorksAsync(Store));

    [ConformanceFact]
    public Task Directory_move_moves_the_whole_tree() => RunCaseAsync(() => AssertDirectoryMoveWorksAsync(Store));

    [ConformanceFact]
    public Task Purge_deletes_a_whole_tree() => RunCaseAsync(() => AssertPurgeWorksAsync(Store));

    [ConformanceFact]
    public Task Purging_the_root_empties_the_store() => RunCaseAsync(() => AssertRootPurgeWorksAsync(Store));

    [ConformanceFact]
    public async Task Copy_between_different_stores_streams_the_object()
    {
        BeginCase();
        await using var other = MemoryBackend.Create();
        var content = GeneratedContent.Bytes(50, 200 * KiB + 1);
        await PutAsync("outbound/source.bin", content, TimedOptions());
        var sourceInfo = await Store.StatAsync("outbound/source.bin");
        var copied = await ObjectStore.CopyPathAsync(Store, "outbound/source.bin", other, "inbound/copy.bin");
        Assert.Equal(content.Length, copied.Size);
        await AssertContentAsync("inbound/copy.bin", content, other);
        await AssertContentAsync("outbound/source.bin", content);
        Assert.Equal(sourceInfo.LastModified, (await other.StatAsync("inbound/copy.bin")).LastModified);

        var returning = GeneratedContent.Bytes(51, 1000);
        await PutAsync("return/source.bin", returning, new WriteOptions { LastModified = SourceTime }, other);
        await ObjectStore.CopyPathAsync(other, "return/source.bin", Store, "returned/copy.bin");
        await AssertContentAsync("returned/copy.bin", returning);
        if (Store.Features.CanSetModificationTime)
        {
            AssertSameTime(SourceTime, (await Store.StatAsync("returned/copy.bin")).LastModified, "cross-store copy into the store under test");
        }

        await AssertFailsAsync(StorageErrorCode.AlreadyExists, async () =>
            await ObjectStore.CopyPathAsync(other, "return/source.bin", Store, "returned/copy.bin", CopyOptions.Default with { Overwrite = false }));
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await ObjectStore.CopyPathAsync(Store, "outbound/missing.bin", other, "inbound/never.bin"));
        await AssertAbsentAsync("inbound/never.bin", other);
    }

    [ConformanceFact]
    public async Task Setting_the_modification_time()
    {
        BeginCase();
        if (!Store.Features.CanSetModificationTime)
        {
            await PutAsync("timed.txt", [1]);
            await AssertFailsAsync(StorageErrorCode.Unsupported, async () => await Store.SetModificationTimeAsync("timed.txt", SourceTime));
            Skip("The backend cannot set modification times (and says so with Unsupported).");
        }

        await PutAsync("timed.txt", [1, 2, 3]);
        var wanted = SourceTime.AddTicks(1_234_567);
        await Store.SetModificationTimeAsync("timed.txt", wanted);
        AssertSameTime(wanted, (await Store.StatAsync("timed.txt")).LastModified, "stat after SetModificationTime");
        await AssertContentAsync("timed.txt", [1, 2, 3]);
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await Store.SetModificationTimeAsync("missing.txt", wanted));
    }

    [ConformanceFact]
    public async Task About_reports_usage()
    {
        BeginCase();
        if (!Store.Features.CanAbout)
        {
            await AssertFailsAsync(StorageErrorCode.Unsupported, async () => await Store.AboutAsync());
            Skip("The backend cannot report usage (and says so with Unsupported).");
        }

        await PutAsync("weight.bin", GeneratedContent.Bytes(52, 1000));
        var usage = await Store.AboutAsync();
        Assert.True(usage.Used is null or >= 0, $"Used is {usage.Used}.");
        Assert.True(usage.Objects is null or >= 0, $"Objects is {usage.Objects}.");
        Assert.True(usage.Free is null or >= 0, $"Free is {usage.Free}.");
        if (usage is { Total: { } total, Free: { } free }) Assert.True(free <= total, $"Free ({free}) exceeds total ({total}).");
    }

    [ConformanceFact]
    public async Task Appending_adds_to_the_end()
    {
        BeginCase();
        if (!Store.Features.CanAppend)
        {
            await AssertFailsAsync(StorageErrorCode.Unsupported, async () => await Store.OpenAppendAsync("log.txt"));
            Skip("The backend cannot append (and says so with Unsupported).");
        }

        var first = GeneratedContent.Bytes(53, 5000);
        var second = GeneratedContent.Bytes(54, 70_000);
        await using (var appender = await Store.OpenAppendAsync("logs/log.txt"))
        {
            await appender.WriteAsync(first);
            await appender.CommitAsync();
        }

        await AssertContentAsync("logs/log.txt", first);
        await using (var appender = await Store.OpenAppendAsync("logs/log.txt"))
        {
            await appender.WriteAsync(second);
            var committed = await appender.CommitAsync();
            Assert.Equal(first.Length + second.Length, committed.Size);
        }

        var whole = first.Concat(second).ToArray();
        await AssertContentAsync("logs/log.txt", whole);
        Assert.Equal(MultiHasher.Compute(whole, HashTypes.Md5)[HashType.Md5], await Store.GetHashAsync("logs/log.txt", HashType.Md5));

        // An abandoned append leaves the object as it was.
        await using (var appender = await Store.OpenAppendAsync("logs/log.txt"))
        {
            await appender.WriteAsync(new byte[100]);
        }

        await AssertContentAsync("logs/log.txt", whole);
    }

    /// <summary>Runs a case body after the harness's skip check.</summary>
    private async Task RunCaseAsync(Func<Task> body, [System.Runtime.CompilerServices.CallerMemberName] string caseName = "")
    {
        BeginCase(caseName);
        await body();
    }

    /// <summary>Write options that set <see cref="SourceTime"/> when the backend can keep a requested time.</summary>
    private WriteOptions TimedOptions() => new() { LastModified = Store.Features.CanSetModificationTime ? SourceTime : null };

    private async Task AssertCopyWorksAsync(ObjectStore store)
    {
        var content = GeneratedContent.Bytes(40, 70_000);
        await PutAsync("source/original.bin", content, TimedOptions(), store);
        var copied = await store.CopyAsync("source/original.bin", "copies/sub/copy.bin");
        Assert.Equal("copies/sub/copy.bin", copied.Path);
        Assert.Equal(content.Length, copied.Size);
        await AssertContentAsync("copies/sub/copy.bin", content, store);
        await AssertContentAsync("source/original.bin", content, store);
        if (Store.Features.CanSetModificationTime)
        {
            AssertSameTime(SourceTime, (await store.StatAsync("copies/sub/copy.bin")).LastModified, "copy keeping the modification time");
        }

        var other = GeneratedContent.Bytes(41, 10);
        await PutAsync("copies/existing.bin", other, store: store);
        await AssertFailsAsync(StorageErrorCode.AlreadyExists,
            async () => await store.CopyAsync("source/original.bin", "copies/existing.bin", CopyOptions.Default with { Overwrite = false }));
        await AssertContentAsync("copies/existing.bin", other, store);
        await store.CopyAsync("source/original.bin", "copies/existing.bin");
        await AssertContentAsync("copies/existing.bin", content, store);

        await PutAsync("source/empty.bin", [], store: store);
        await store.CopyAsync("source/empty.bin", "copies/empty.bin");
        await AssertContentAsync("copies/empty.bin", [], store);

        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await store.CopyAsync("source/missing.bin", "copies/never.bin"));
        await AssertAbsentAsync("copies/never.bin", store);
    }

    private async Task AssertMoveWorksAsync(ObjectStore store)
    {
        var content = GeneratedContent.Bytes(42, 70_000);
        await PutAsync("from/item.bin", content, TimedOptions(), store);
        var moved = await store.MoveAsync("from/item.bin", "to/deeper/item.bin");
        Assert.Equal("to/deeper/item.bin", moved.Path);
        Assert.Equal(content.Length, moved.Size);
        await AssertContentAsync("to/deeper/item.bin", content, store);
        await AssertAbsentAsync("from/item.bin", store);
        if (Store.Features.CanSetModificationTime)
        {
            AssertSameTime(SourceTime, (await store.StatAsync("to/deeper/item.bin")).LastModified, "move keeping the modification time");
        }

        var second = GeneratedContent.Bytes(43, 300);
        var taken = GeneratedContent.Bytes(44, 30);
        await PutAsync("from/second.bin", second, store: store);
        await PutAsync("to/taken.bin", taken, store: store);
        await AssertFailsAsync(StorageErrorCode.AlreadyExists, async () => await store.MoveAsync("from/second.bin", "to/taken.bin", overwrite: false));
        await AssertContentAsync("from/second.bin", second, store);
        await AssertContentAsync("to/taken.bin", taken, store);
        await store.MoveAsync("from/second.bin", "to/taken.bin");
        await AssertContentAsync("to/taken.bin", second, store);
        await AssertAbsentAsync("from/second.bin", store);

        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await store.MoveAsync("from/missing.bin", "to/never.bin"));
        await AssertAbsentAsync("to/never.bin", store);
    }

    private async Task AssertDirectoryMoveWorksAsync(ObjectStore store)
    {
        await BuildTreeAsync(store, "tree");
        string[] extraDirectories = [];
        if (Store.Features.CanHaveEmptyDirectories)
        {
            await store.CreateDirectoryAsync("tree/empty/inner");
            extraDirectories = ["empty", "empty/inner"];
        }

        await PutAsync("outside.txt", [9], store: store);
        await store.MoveDirectoryAsync("tree", "moved/tree");
        AssertIsTree(await ListRecursiveAsync("moved/tree", store), "moved/tree", extraDirectories);
        await AssertTreeContentAsync("moved/tree", store);
        Assert.False(await store.ExistsAsync("tree"), "The source directory should be gone after the move.");
        Assert.DoesNotContain(await ListRecursiveAsync("", store), item => StoragePath.IsWithin(item.Path, "tree"));
        await AssertContentAsync("outside.txt", [9], store);
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await store.MoveDirectoryAsync("tree", "elsewhere"));
    }

    private async Task AssertPurgeWorksAsync(ObjectStore store)
    {
        await BuildTreeAsync(store, "doomed");
        if (Store.Features.CanHaveEmptyDirectories) await store.CreateDirectoryAsync("doomed/empty/inner");
        await PutAsync("survivor/keep.txt", [7], store: store);
        await PutAsync("doomed-sibling.txt", [8], store: store);
        await store.PurgeAsync("doomed");
        Assert.False(await store.ExistsAsync("doomed"), "The purged directory should be gone.");
        Assert.DoesNotContain(await ListRecursiveAsync("", store), item => StoragePath.IsWithin(item.Path, "doomed"));
        await AssertContentAsync("survivor/keep.txt", [7], store);
        await AssertContentAsync("doomed-sibling.txt", [8], store);
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await store.PurgeAsync("doomed"));
    }

    private async Task AssertRootPurgeWorksAsync(ObjectStore store)
    {
        await BuildTreeAsync(store);
        if (Store.Features.CanHaveEmptyDirectories) await store.CreateDirectoryAsync("empty");
        await store.PurgeAsync("");
        Assert.Empty(await ListAsync("", store));
        Assert.Empty(await ListRecursiveAsync("", store));
        await PutAsync("after-purge.txt", [1], store: store);
        await AssertContentAsync("after-purge.txt", [1], store);
    }
}
