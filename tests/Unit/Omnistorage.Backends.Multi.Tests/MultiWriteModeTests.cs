using static Omnistorage.Backends.Multi.Tests.MultiTestSupport;

namespace Omnistorage.Backends.Multi.Tests;

/// <summary>How writes settle in each mode when some targets fail: rollback, reports and per-target error details.</summary>
public sealed class MultiWriteModeTests
{
    [Fact]
    public async Task All_mode_rolls_back_the_committed_copy_when_another_target_fails_to_commit()
    {
        var healthy = NewMemoryStore();
        var behindFailing = NewMemoryStore();
        await using var multi = NewMultiStore([healthy, Store(new FailingBackend(behindFailing.Backend, "b") { FailCommit = true })]);

        var error = await Assert.ThrowsAsync<MultiBackendException>(async () => await multi.WriteAllBytesAsync("report.csv", Content(5000)));

        var failure = Assert.Single(error.Failures);
        Assert.Equal(1, failure.Index);
        Assert.Equal("failing-b://", failure.Target);
        Assert.Equal(TargetOperation.Commit, failure.Operation);
        Assert.Equal(StorageErrorCode.PermissionDenied, error.Code);
        Assert.False(await healthy.ExistsAsync("report.csv"), "The copy on the healthy target should have been rolled back.");
        Assert.False(await behindFailing.ExistsAsync("report.csv"));
        Assert.False(await multi.ExistsAsync("report.csv"));
    }

    [Fact]
    public async Task All_mode_reports_a_rollback_that_failed_and_keeps_the_commit_failure_as_the_code()
    {
        var keepsCopy = NewMemoryStore();
        var targets = new[]
        {
            Store(new FailingBackend(keepsCopy.Backend, "a") { FailDelete = true, Code = StorageErrorCode.Unavailable }),
            Store(new FailingBackend(NewMemoryStore().Backend, "b") { FailCommit = true, Code = StorageErrorCode.Conflict }),
        };
        await using var multi = NewMultiStore(targets);

        var error = await Assert.ThrowsAsync<MultiBackendException>(async () => await multi.WriteAllBytesAsync("x.bin", Content(10)));

        Assert.Equal(StorageErrorCode.Conflict, error.Code);
        Assert.Collection(error.Failures,
            first => Assert.Equal((0, TargetOperation.Rollback, StorageErrorCode.Unavailable), (first.Index, first.Operation, first.Code)),
            second => Assert.Equal((1, TargetOperation.Commit, StorageErrorCode.Conflict), (second.Index, second.Operation, second.Code)));
        Assert.Contains("rollback", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(await keepsCopy.ExistsAsync("x.bin"), "The failed rollback leaves the copy, as the report says.");
    }

    [Fact]
    public async Task All_mode_fails_the_write_as_soon_as_one_target_fails_to_write_and_leaves_nothing()
    {
        var first = NewMemoryStore();
        var second = NewMemoryStore();
        await using var multi = NewMultiStore([first, Store(new FailingBackend(second.Backend, "b") { FailWriteAfter = 1500 })]);
        var content = Content(4000);

        await using (var writer = await multi.OpenWriteAsync("stream.bin"))
        {
            await writer.WriteAsync(content.AsMemory(0, 1000));
            var error = await Assert.ThrowsAsync<MultiBackendException>(async () => await writer.WriteAsync(content.AsMemory(1000, 1000)));
            Assert.Equal(TargetOperation.Write, Assert.Single(error.Failures).Operation);
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.CommitAsync());
        }

        Assert.False(await first.ExistsAsync("stream.bin"));
        Assert.False(await second.ExistsAsync("stream.bin"));
    }

    [Fact]
    public async Task Best_effort_succeeds_and_reports_the_target_that_failed_to_commit()
    {
        var healthy = NewMemoryStore();
        var reports = new List<MultiWriteReport>();
        var options = new MultiBackendOptions { Mode = MultiWriteMode.BestEffort, OnPartialFailure = reports.Add };
        await using var multi = NewMultiStore([healthy, Store(new FailingBackend(NewMemoryStore().Backend, "flaky") { FailCommit = true })], options);
        var content = Content(3000);

        MultiWriteReport? streamReport;
        await using (var writer = await multi.OpenWriteAsync("best.bin"))
        {
            await writer.WriteAsync(content);
            var committed = await writer.CommitAsync();
            Assert.Equal(content.Length, committed.Size);
            streamReport = ((MultiObjectWriteStream)writer).Report;
        }

        var report = Assert.Single(reports);
        Assert.Same(report, streamReport);
        Assert.Equal(new[] { 0 }, report.SucceededTargets);
        var failure = Assert.Single(report.Failures);
        Assert.Equal((1, "failing-flaky://", TargetOperation.Commit), (failure.Index, failure.Target, failure.Operation));
        Assert.Contains("flaky", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(content, await ReadAsync(healthy, "best.bin"));
        Assert.Equal(content, await ReadAsync(multi, "best.bin"));
    }

    [Fact]
    public async Task Best_effort_drops_a_target_whose_write_fails_and_finishes_on_the_others()
    {
        var healthy = NewMemoryStore();
        var behindFailing = NewMemoryStore();
        var reports = new List<MultiWriteReport>();
        var options = new MultiBackendOptions { Mode = MultiWriteMode.BestEffort, OnPartialFailure = reports.Add };
        await using var multi = NewMultiStore([Store(new FailingBackend(behindFailing.Backend, "a") { FailWriteAfter = 100 }), healthy], options);
        var content = Content(64 * 1024);

        await multi.WriteAsync("dropped.bin", new MemoryStream(content));

        var failure = Assert.Single(Assert.Single(reports).Failures);
        Assert.Equal((0, TargetOperation.Write), (failure.Index, failure.Operation));
        Assert.Equal(content, await ReadAsync(healthy, "dropped.bin"));
        Assert.False(await behindFailing.ExistsAsync("dropped.bin"), "The dropped target's write should have been aborted.");
    }

    [Fact]
    public async Task Best_effort_fails_when_no_target_takes_the_write()
    {
        var options = new MultiBackendOptions { Mode = MultiWriteMode.BestEffort };
        await using var multi = NewMultiStore(
        [
            Store(new FailingBackend(NewMemoryStore().Backend, "a") { FailCommit = true }),
            Store(new FailingBackend(NewMemoryStore().Backend, "b") { FailOpen = true }),
        ], options);

        var error = await Assert.ThrowsAsync<MultiBackendException>(async () => await multi.WriteAllBytesAsync("none.bin", Content(10)));

        Assert.Equal(new[] { (0, TargetOperation.Commit), (1, TargetOperation.Open) }, error.Failures.Select(f => (f.Index, f.Operation)));
    }

    [Fact]
    public async Task Quorum_is_met_when_a_majority_commits()
    {
        var first = NewMemoryStore();
        var second = NewMemoryStore();
        var reports = new List<MultiWriteReport>();
        var options = new MultiBackendOptions { Mode = MultiWriteMode.Quorum, OnPartialFailure = reports.Add };
        await using var multi = NewMultiStore([first, second, Store(new FailingBackend(NewMemoryStore().Backend, "c") { FailOpen = true })], options);
        var content = Content(2048);

        await multi.WriteAllBytesAsync("quorum.bin", content);

        Assert.Equal(2, ((MultiBackend)multi.Backend).RequiredTargets);
        Assert.Equal(content, await ReadAsync(first, "quorum.bin"));
        Assert.Equal(content, await ReadAsync(second, "quorum.bin"));
        var report = Assert.Single(reports);
        Assert.Equal(new[] { 0, 1 }, report.SucceededTargets);
        Assert.Equal((2, TargetOperation.Open), (report.Failures[0].Index, report.Failures[0].Operation));
    }

    [Fact]
    public async Task Quorum_not_met_rolls_back_the_copies_that_committed()
    {
        var healthy = NewMemoryStore();
        var options = new MultiBackendOptions { Mode = MultiWriteMode.Quorum, OnPartialFailure = _ => Assert.Fail("A failed write is not a partial success.") };
        await using var multi = NewMultiStore(
        [
            Store(new FailingBackend(NewMemoryStore().Backend, "a") { FailCommit = true }),
            healthy,
            Store(new FailingBackend(NewMemoryStore().Backend, "c") { FailCommit = true }),
        ], options);

        var error = await Assert.ThrowsAsync<MultiBackendException>(async () => await multi.WriteAllBytesAsync("lost.bin", Content(100)));

        Assert.Equal(new[] { 0, 2 }, error.Failures.Select(f => f.Index));
        Assert.Equal(new[] { 1 }, error.Report.SucceededTargets);
        Assert.False(await healthy.ExistsAsync("lost.bin"), "The one copy that committed should have been rolled back.");
    }

    [Fact]
    public async Task An_explicit_quorum_is_honoured()
    {
        var options = new MultiBackendOptions { Mode = MultiWriteMode.Quorum, Quorum = 3 };
        await using var multi = NewMultiStore([NewMemoryStore(), NewMemoryStore(), Store(new FailingBackend(NewMemoryStore().Backend, "c") { FailCommit = true })], options);

        await Assert.ThrowsAsync<MultiBackendException>(async () => await multi.WriteAllBytesAsync("strict.bin", Content(10)));

        var impossible = Assert.Throws<StorageException>(() => new MultiBackend([NewMemoryStore(), NewMemoryStore()], options));
        Assert.Equal(StorageErrorCode.InvalidArgument, impossible.Code);
    }

    [Fact]
    public async Task The_exception_lists_every_failed_target_with_its_own_error()
    {
        await using var multi = NewMultiStore(
        [
            Store(new FailingBackend(NewMemoryStore().Backend, "east") { FailCommit = true, Code = StorageErrorCode.QuotaExceeded }),
            Store(new FailingBackend(NewMemoryStore().Backend, "west") { FailCommit = true, Code = StorageErrorCode.PermissionDenied }),
        ]);

        var error = await Assert.ThrowsAsync<MultiBackendException>(async () => await multi.WriteAllBytesAsync("both.bin", Content(10)));

        Assert.Equal(2, error.Failures.Count);
        Assert.Equal(("failing-east://", StorageErrorCode.QuotaExceeded), (error.Failures[0].Target, error.Failures[0].Code));
        Assert.Equal(("failing-west://", StorageErrorCode.PermissionDenied), (error.Failures[1].Target, error.Failures[1].Code));
        Assert.Equal(StorageErrorCode.QuotaExceeded, error.Code);
        Assert.Contains("Injected failure to commit 'both.bin' on west", error.Message, StringComparison.Ordinal);
        Assert.Equal("both.bin", error.Path);
        Assert.Equal(MultiBackend.BackendName, error.Backend);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task All_mode_refuses_to_open_when_one_target_cannot_and_closes_the_others()
    {
        var behind = NewMemoryStore();
        await using var multi = NewMultiStore([behind, Store(new FailingBackend(NewMemoryStore().Backend, "b") { FailOpen = true })]);

        var error = await Assert.ThrowsAsync<MultiBackendException>(async () => await multi.OpenWriteAsync("never.bin"));

        Assert.Equal(TargetOperation.Open, Assert.Single(error.Failures).Operation);
        Assert.False(await behind.ExistsAsync("never.bin"));
    }
}
