using Omnistorage.Sync;
using Omnistorage.Sync.Engine;
using static Omnistorage.Core.Tests.Sync.Engine.SyncTestSupport;

namespace Omnistorage.Core.Tests.Sync.Engine;

public sealed class SyncEngineSafetyTests
{
    private static async Task<(ObjectStore Source, ObjectStore Destination)> DivergedTreesAsync()
    {
        var source = NewMemoryStore();
        var destination = NewMemoryStore();
        await PutManyAsync(source, ("new/file", "brand new"), ("changed", "longer content"), ("touched", "same"), ("equal", "eq"));
        await PutManyAsync(destination, ("changed", "short"), ("equal", "eq"), ("extra", "doomed"), ("old/dir/x", "doomed too"));
        await PutAsync(destination, "touched", "same", BaseTime.AddHours(-5));
        return (source, destination);
    }

    private static async Task<List<(string Path, long Size, DateTimeOffset? Time)>> FingerprintAsync(ObjectStore store)
    {
        var items = new List<(string, long, DateTimeOffset?)>();
        await foreach (var item in store.ListRecursiveAsync()) items.Add((item.Path, item.Size, item.IsDirectory ? null : item.LastModified));
        return items.OrderBy(i => i.Item1, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task A_dry_run_lists_every_action_with_a_reason_and_changes_nothing()
    {
        var (source, destination) = await DivergedTreesAsync();
        var sourceBefore = await FingerprintAsync(source);
        var destinationBefore = await FingerprintAsync(destination);
        var observed = new CollectingProgress<SyncAction>();

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { DryRun = true, ActionObserver = observed });

        Assert.True(result.DryRun);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(sourceBefore, await FingerprintAsync(source));
        Assert.Equal(destinationBefore, await FingerprintAsync(destination));
        var plan = result.Actions.Select(a => $"{a.Kind} {a.Path}").OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["Copy changed", "Copy new/file", "DeleteDestination extra", "DeleteDestination old/dir/x", "RemoveDirectory old", "RemoveDirectory old/dir", "SetModificationTime touched"],
            plan);
        Assert.All(result.Actions, a => Assert.False(string.IsNullOrWhiteSpace(a.Reason)));
        Assert.Equal(result.Actions.Count, observed.Items.Count);
        Assert.Equal(2, result.ObjectsTransferred);
        Assert.Equal(2, result.ObjectsDeleted);
        Assert.Equal(1, result.ModificationTimesFixed);
    }

    [Fact]
    public async Task A_dry_run_move_plans_the_source_deletions_without_doing_them()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("a", "1"), ("b/c", "2"));

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Move) with { DryRun = true });

        Assert.Equal(2, result.Actions.Count(a => a.Kind == SyncActionKind.DeleteSource));
        Assert.Equal(2, (await ReadTreeAsync(source)).Count);
        Assert.Empty(await ReadTreeAsync(destination));
    }

    [Theory]
    [InlineData(DeleteMode.After)]
    [InlineData(DeleteMode.Before)]
    public async Task MaxDelete_refuses_every_deletion_when_the_total_is_known_to_exceed_it(DeleteMode deleteMode)
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutAsync(source, "keep", "k");
        for (var i = 0; i < 5; i++) await PutAsync(destination, $"extra{i}", "x");

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { MaxDelete = 3, DeleteMode = deleteMode });

        var error = Assert.Single(result.Errors);
        Assert.Equal(StorageErrorCode.QuotaExceeded, error.Code);
        Assert.Contains("max-delete 3", error.Message);
        Assert.Equal(0, result.ObjectsDeleted);
        Assert.Equal(6, (await ReadTreeAsync(destination)).Count);
    }

    [Fact]
    public async Task MaxDelete_during_transfers_stops_at_the_limit()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutAsync(source, "keep", "k");
        for (var i = 0; i < 8; i++) await PutAsync(destination, $"extra{i}", "x");

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { MaxDelete = 3, DeleteMode = DeleteMode.During });

        Assert.Equal(StorageErrorCode.QuotaExceeded, Assert.Single(result.Errors).Code);
        Assert.Equal(3, result.ObjectsDeleted);
        Assert.Equal(1 + 8 - 3, (await ReadTreeAsync(destination)).Count);
    }

    [Fact]
    public async Task MaxDeleteSize_counts_bytes()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(destination, ("small", "12345"), ("large", new string('x', 100)));

        var refused = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { MaxDeleteSize = 100 });
        Assert.Equal(StorageErrorCode.QuotaExceeded, Assert.Single(refused.Errors).Code);
        Assert.Equal(2, (await ReadTreeAsync(destination)).Count);

        var allowed = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { MaxDeleteSize = 105 });
        Assert.True(allowed.Succeeded, string.Join("; ", allowed.Errors));
        Assert.Empty(await ReadTreeAsync(destination));
        Assert.Equal(105, allowed.BytesDeleted);
    }

    [Fact]
    public async Task The_backup_directory_receives_overwritten_and_deleted_objects_at_their_relative_paths()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("docs/report", "version 2 of the report"), ("same", "s"));
        await PutManyAsync(destination, ("live/docs/report", "version 1"), ("live/same", "s"), ("live/obsolete/notes", "old notes"));

        var result = await SyncEngine.RunAsync(new SyncOptions
        {
            Source = source,
            Destination = destination,
            DestinationPath = "live",
            Mode = SyncMode.Sync,
            BackupDirectory = "backup/2024-05-01",
            Suffix = ".bak",
        });

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(await ReadTreeAsync(source), await ReadTreeAsync(destination, "live"));
        Assert.Equal(
            new Dictionary<string, string> { ["docs/report.bak"] = "version 1", ["obsolete/notes.bak"] = "old notes" },
            await ReadTreeAsync(destination, "backup/2024-05-01"));
    }

    [Fact]
    public async Task A_dry_run_with_a_backup_directory_plans_the_backups_and_moves_nothing()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutAsync(source, "report", "new and longer");
        await PutManyAsync(destination, ("live/report", "old"), ("live/obsolete", "x"));

        var result = await SyncEngine.RunAsync(new SyncOptions
        {
            Source = source, Destination = destination, DestinationPath = "live", Mode = SyncMode.Sync,
            BackupDirectory = "backup", DryRun = true,
        });

        Assert.Equal(["obsolete", "report"], result.Actions.Where(a => a.Kind == SyncActionKind.Backup).Select(a => a.Path).Order(StringComparer.Ordinal).ToList());
        Assert.Empty(await ReadTreeAsync(destination, "backup"));
        Assert.Equal(new Dictionary<string, string> { ["obsolete"] = "x", ["report"] = "old" }, await ReadTreeAsync(destination, "live"));
    }

    [Fact]
    public async Task A_copy_that_fails_verification_is_deleted_and_reported_as_an_integrity_error()
    {
        await using var source = NewMemoryStore();
        await using var destination = Wrap(new FaultInjectingBackend { CorruptWrites = true });
        await PutAsync(source, "precious", "bytes that must arrive intact");

        var result = await SyncEngine.RunAsync(Options(source, destination));

        var error = Assert.Single(result.Errors);
        Assert.Equal("precious", error.Path);
        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.Equal(0, result.ObjectsTransferred);
        Assert.False(await destination.ExistsAsync("precious"));
    }

    [Fact]
    public async Task A_move_whose_copy_fails_verification_keeps_the_source()
    {
        await using var source = NewMemoryStore();
        await using var destination = Wrap(new FaultInjectingBackend { CorruptWrites = true });
        await PutAsync(source, "precious", "bytes");

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Move));

        Assert.Equal(StorageErrorCode.Integrity, Assert.Single(result.Errors).Code);
        Assert.True(await source.ExistsAsync("precious"));
    }

    [Fact]
    public async Task A_sync_deletes_nothing_when_any_transfer_failed()
    {
        var backend = new FaultInjectingBackend { ReadFailure = path => path == "unreadable" ? new StorageException(StorageErrorCode.PermissionDenied, "denied") : null };
        await using var source = Wrap(backend);
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("unreadable", "secret"), ("fine", "ok"));
        await PutManyAsync(destination, ("extra", "must survive"), ("stale/dir/file", "must survive too"));

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync));

        Assert.Equal("unreadable", Assert.Single(result.Errors).Path);
        Assert.Equal(0, result.ObjectsDeleted);
        Assert.Contains(result.Warnings, w => w.Contains("Not deleting", StringComparison.Ordinal));
        Assert.Equal(
            new Dictionary<string, string> { ["extra"] = "must survive", ["fine"] = "ok", ["stale/dir/file"] = "must survive too" },
            await ReadTreeAsync(destination));
    }

    [Fact]
    public async Task A_cancelled_run_leaves_only_whole_objects_and_a_rerun_converges()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        for (var i = 0; i < 300; i++) await PutAsync(source, $"d{i % 7}/object-{i:D4}", new string((char)('a' + i % 26), 100 + i));
        await PutAsync(destination, "stale", "to be deleted by the completed run");
        using var cancellation = new CancellationTokenSource();
        var copies = 0;
        var observer = new CollectingProgress<SyncAction>
        {
            OnReport = action =>
            {
                if (action.Kind == SyncActionKind.Copy && Interlocked.Increment(ref copies) == 40) cancellation.Cancel();
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { ActionObserver = observer }, null, cancellation.Token));

        var expected = await ReadTreeAsync(source);
        var partial = await ReadTreeAsync(destination);
        Assert.InRange(partial.Count, 41, 300);
        Assert.All(partial.Where(p => p.Key != "stale"), p => Assert.Equal(expected[p.Key], p.Value));
        Assert.True(partial.ContainsKey("stale"));

        var rerun = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync));
        Assert.True(rerun.Succeeded, string.Join("; ", rerun.Errors));
        Assert.Equal(expected, await ReadTreeAsync(destination));
        Assert.Equal(300 - (partial.Count - 1), rerun.ObjectsTransferred);

        var settled = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync));
        Assert.Equal(0, settled.ObjectsTransferred + settled.ObjectsDeleted + settled.ModificationTimesFixed);
    }

    [Fact]
    public async Task Whole_run_retries_repeat_a_run_that_ended_with_retryable_errors()
    {
        var failuresLeft = 1;
        var backend = new FaultInjectingBackend
        {
            WriteFailure = path => path == "flaky" && Interlocked.Decrement(ref failuresLeft) >= 0 ? new StorageException(StorageErrorCode.Unavailable, "try later") : null,
        };
        await using var source = NewMemoryStore();
        await using var destination = Wrap(backend);
        await PutManyAsync(source, ("flaky", "f"), ("steady", "s"));

        var withoutRetries = await SyncEngine.RunAsync(Options(source, destination));
        Assert.True(Assert.Single(withoutRetries.Errors).IsRetryable);
        Assert.Equal(1, withoutRetries.Attempts);

        await destination.DeleteAsync("steady");
        failuresLeft = 1;
        var withRetries = await SyncEngine.RunAsync(Options(source, destination) with { Retries = 2 });
        Assert.True(withRetries.Succeeded, string.Join("; ", withRetries.Errors));
        Assert.Equal(2, withRetries.Attempts);
        Assert.Equal(await ReadTreeAsync(source), await ReadTreeAsync(destination));
    }

    [Fact]
    public async Task A_bandwidth_limit_streams_copies_through_the_limiter_and_keeps_times()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("a", new string('a', 5000)), ("b/c", "c"));
        var limiter = BandwidthLimiter.FromSpec("100M");
        Assert.NotNull(limiter);

        var result = await SyncEngine.RunAsync(Options(source, destination) with { Bandwidth = limiter });

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(5001, result.BytesTransferred);
        Assert.Equal(await ReadTreeAsync(source), await ReadTreeAsync(destination));
        Assert.Equal(BaseTime, (await destination.StatAsync("b/c")).LastModified);
    }

    [Fact]
    public async Task Progress_ends_with_a_finished_snapshot_matching_the_result()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("a", "123"), ("b", "4567"));
        await PutAsync(destination, "gone", "x");
        var progress = new CollectingProgress<SyncProgress>();

        var result = await SyncEngine.RunAsync(Options(source, destination, SyncMode.Sync) with { ProgressInterval = TimeSpan.FromMilliseconds(10) }, progress);

        var last = progress.Items[^1];
        Assert.Equal(SyncPhase.Finished, last.Phase);
        Assert.Equal(result.ObjectsTransferred, last.ObjectsTransferred);
        Assert.Equal(7, last.BytesTransferred);
        Assert.Equal(1, last.ObjectsDeleted);
        Assert.Equal(3, last.ObjectsChecked);
        Assert.Empty(last.CurrentObjects);
        Assert.True(result.Duration > TimeSpan.Zero);
    }
}
