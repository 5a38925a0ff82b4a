namespace Omnistorage.Conformance;

// Error codes and failure behaviour: missing items are NotFound (never null), deletes are idempotent, directories
// refuse object operations, and a write that is cancelled, abandoned, fed by a failing source or short of its declared
// size leaves nothing behind.
public abstract partial class ConformanceSuite
{
    [ConformanceFact]
    public async Task Deleting_a_missing_object_succeeds()
    {
        BeginCase();
        await Store.DeleteAsync("never-written.txt");
        await Store.DeleteAsync("never-written.txt");
        await Store.DeleteAsync("no-such-dir/never-written.txt");
    }

    [ConformanceFact]
    public async Task Deleted_object_is_gone()
    {
        BeginCase();
        await PutAsync("dir/doomed.txt", [1, 2, 3]);
        await PutAsync("dir/kept.txt", [4]);
        await Store.DeleteAsync("dir/doomed.txt");
        await AssertAbsentAsync("dir/doomed.txt");
        await AssertContentAsync("dir/kept.txt", [4]);
        await Store.DeleteAsync("dir/doomed.txt");
    }

    [ConformanceFact]
    public async Task Missing_items_are_NotFound()
    {
        BeginCase();
        await PutAsync("present/file.txt", [1]);
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await Store.StatAsync("missing.txt"));
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await Store.StatAsync("missing-dir/missing.txt"));
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await Store.OpenReadAsync("missing.txt"));
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await Store.OpenReadAsync("present/missing.txt"));
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await Store.GetHashAsync("missing.txt", HashType.Sha256));
        Assert.Null(await Store.TryStatAsync("missing.txt"));
    }

    [ConformanceFact]
    public async Task Listing_a_missing_directory_is_NotFound_where_directories_are_real()
    {
        BeginCase();
        if (Store.Features.IsBucketBased)
        {
            // Bucket-based backends may answer a listing of an unused prefix with nothing rather than an error.
            Assert.Empty(await ListAsync("no-such-dir"));
            Skip("The backend is bucket-based: a missing directory lists as empty.");
        }

        await AssertFailsAsync(StorageErrorCode.NotFound, () => ListAsync("no-such-dir"));
        await AssertFailsAsync(StorageErrorCode.NotFound, () => ListRecursiveAsync("no-such-dir"));
    }

    [ConformanceFact]
    public async Task Exists_reports_objects_and_directories()
    {
        BeginCase();
        await PutAsync("dir/object.txt", [1]);
        Assert.True(await Store.ExistsAsync("dir/object.txt"));
        Assert.True(await Store.ExistsAsync("dir"));
        Assert.True(await Store.ExistsAsync(""));
        Assert.False(await Store.ExistsAsync("dir/other.txt"));
        Assert.False(await Store.ExistsAsync("other-dir"));
    }

    [ConformanceFact]
    public async Task Directories_refuse_object_operations()
    {
        BeginCase();
        if (Store.Features.IsBucketBased)
        {
            Skip("On a bucket-based backend a directory is only a prefix, so object operations on its name find no object.");
        }

        await PutAsync("dir/inside.txt", [1]);
        var info = await Store.StatAsync("dir");
        Assert.True(info.IsDirectory);
        Assert.Equal("dir", info.Path);
        Assert.True((await Store.StatAsync("")).IsDirectory);
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, async () => await Store.DeleteAsync("dir"));
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await Store.OpenReadAsync("dir"));
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, async () => await Store.GetHashAsync("dir", HashType.Md5));
        await AssertContentAsync("dir/inside.txt", [1]);
    }

    [ConformanceFact]
    public async Task Removing_directories_follows_the_contract()
    {
        BeginCase();
        if (!Store.Features.CanHaveEmptyDirectories)
        {
            Skip("The backend has no empty directories to remove.");
        }

        await Store.CreateDirectoryAsync("full");
        await PutAsync("full/file.txt", [1]);
        await AssertFailsAsync(StorageErrorCode.Conflict, async () => await Store.RemoveDirectoryAsync("full"));
        await AssertContentAsync("full/file.txt", [1]);
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await Store.RemoveDirectoryAsync("never-created"));

        await Store.CreateDirectoryAsync("hollow");
        await Store.CreateDirectoryAsync("hollow");
        Assert.True((await Store.StatAsync("hollow")).IsDirectory);
        await Store.RemoveDirectoryAsync("hollow");
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await Store.StatAsync("hollow"));
        Assert.DoesNotContain(await ListAsync(), item => item.Path == "hollow");
    }

    [ConformanceFact]
    public async Task Write_cancelled_mid_stream_leaves_nothing()
    {
        BeginCase();
        using var cancellation = new CancellationTokenSource();
        var source = new GeneratedContentStream(30, 4 * MiB)
        {
            MaxReadSize = 64 * KiB,
            Progress = produced => { if (produced >= 256 * KiB) cancellation.Cancel(); },
        };
        await using (source)
        {
            await AssertCanceledAsync(async () => await Store.WriteAsync("cancelled.bin", source, cancellationToken: cancellation.Token));
        }

        Assert.True(source.Position >= 256 * KiB, "The source should have been read before the cancellation.");
        await AssertAbsentAsync("cancelled.bin");
    }

    [ConformanceFact]
    public async Task Write_cancelled_through_its_open_token_leaves_nothing()
    {
        BeginCase();
        using var cancellation = new CancellationTokenSource();
        var writer = await Store.OpenWriteAsync("cancelled.bin", cancellationToken: cancellation.Token);
        await using (writer)
        {
            await writer.WriteAsync(GeneratedContent.Bytes(31, 100 * KiB));
            cancellation.Cancel();
            await AssertCanceledAsync(async () => await writer.WriteAsync(new byte[10]));
            await Assert.ThrowsAnyAsync<Exception>(async () => await writer.CommitAsync());
        }

        await AssertAbsentAsync("cancelled.bin");
    }

    [ConformanceFact]
    public async Task Write_disposed_without_commit_leaves_nothing()
    {
        BeginCase();
        await using (var writer = await Store.OpenWriteAsync("abandoned.bin"))
        {
            await writer.WriteAsync(GeneratedContent.Bytes(32, 300 * KiB));
        }

        await AssertAbsentAsync("abandoned.bin");

        await using (var writer = await Store.OpenWriteAsync("aborted.bin"))
        {
            await writer.WriteAsync(GeneratedContent.Bytes(33, 10));
            await writer.AbortAsync();
            Assert.Throws<InvalidOperationException>(() => writer.Write(new byte[1]));
        }

        await AssertAbsentAsync("aborted.bin");
    }

    [ConformanceFact]
    public async Task Write_from_a_failing_source_leaves_nothing()
    {
        BeginCase();
        await using var source = new GeneratedContentStream(34, 2 * MiB) { MaxReadSize = 64 * KiB, FailAfter = 300 * KiB };
        await Assert.ThrowsAsync<IOException>(async () => await Store.WriteAsync("faulted.bin", source));
        await AssertAbsentAsync("faulted.bin");
    }

    [ConformanceFact]
    public async Task Failed_overwrite_keeps_the_old_content()
    {
        BeginCase();
        var original = GeneratedContent.Bytes(35, 5000);
        await PutAsync("precious.bin", original);
        await using (var source = new GeneratedContentStream(36, MiB) { MaxReadSize = 64 * KiB, FailAfter = 200 * KiB })
        {
            await Assert.ThrowsAsync<IOException>(async () => await Store.WriteAsync("precious.bin", source));
        }

        await using (var writer = await Store.OpenWriteAsync("precious.bin"))
        {
            await writer.WriteAsync(GeneratedContent.Bytes(37, 100));
        }

        await AssertContentAsync("precious.bin", original);
    }

    [ConformanceFact]
    public async Task Declared_size_mismatch_fails_the_commit_and_leaves_nothing()
    {
        BeginCase();
        await using (var writer = await Store.OpenWriteAsync("short.bin", new WriteOptions { Size = 1000 }))
        {
            await writer.WriteAsync(GeneratedContent.Bytes(38, 999));
            await AssertFailsAsync(StorageErrorCode.Integrity, async () => await writer.CommitAsync());
        }

        await AssertAbsentAsync("short.bin");

        await using (var writer = await Store.OpenWriteAsync("long.bin", new WriteOptions { Size = 10 }))
        {
            // A backend may notice the excess while writing rather than at commit; either way it is an Integrity failure.
            await AssertFailsAsync(StorageErrorCode.Integrity, async () =>
            {
                await writer.WriteAsync(GeneratedContent.Bytes(39, 11));
                await writer.CommitAsync();
            });
        }

        await AssertAbsentAsync("long.bin");
    }
}
