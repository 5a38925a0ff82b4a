using Omnistorage.Sync;

namespace Omnistorage.Core.Tests.Sync.Transfers;

public sealed class BandwidthLimiterTests
{
    private const int KiB = 1024;
    private const int MiB = 1024 * 1024;

    // A writer stops on its own after this many bytes, so a limiter that fails to throttle ends the test with a wrong
    // count instead of spinning forever.
    private const long RunawayCap = 256L * MiB;

    private static readonly DateTimeOffset Noon = new(2024, 1, 3, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 32 * KiB)]
    [InlineData(4, 32 * KiB)]
    [InlineData(16, 8 * KiB)]
    [InlineData(2, 256 * KiB)]
    public async Task ConcurrentWritersTogetherStayWithinTenPercentOfTheLimit(int writers, int requestBytes)
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = new BandwidthLimiter(BandwidthSchedule.Parse("1M"), time);
        var counters = new long[writers];
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, writers).Select(i => StartWriter(limiter, _ => requestBytes, counters, i, stop.Token)).ToList();

        await ThrottleDriver.RunAsync(time, TimeSpan.FromSeconds(4), tasks);

        var total = Total(counters);
        await StopAsync(stop, tasks);
        AssertWithinTenPercent(4L * MiB, total);
    }

    [Fact]
    public async Task RequestsOfMixedSizesStayWithinTenPercentOfTheLimit()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = new BandwidthLimiter(BandwidthSchedule.Parse("3M"), time);
        var counters = new long[6];
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, counters.Length)
            .Select(i =>
            {
                var random = new Random(1234 + i);
                return StartWriter(limiter, _ => random.Next(1, 600 * KiB), counters, i, stop.Token);
            })
            .ToList();

        await ThrottleDriver.RunAsync(time, TimeSpan.FromSeconds(5), tasks);

        var total = Total(counters);
        await StopAsync(stop, tasks);

        // A writer counts its bytes only when its whole request has passed, so at most one request per writer is still
        // in flight at the end; allow for it on the low side.
        Assert.InRange(total, (long)(0.9 * 15 * MiB) - counters.Length * 600 * KiB, (long)(1.1 * 15 * MiB));
    }

    [Fact]
    public async Task TwoEqualWritersShareTheLimitEvenly()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = new BandwidthLimiter(BandwidthSchedule.Parse("2M"), time);
        var counters = new long[2];
        using var stop = new CancellationTokenSource();
        var tasks = new List<Task>
        {
            StartWriter(limiter, _ => 48 * KiB, counters, 0, stop.Token),
            StartWriter(limiter, _ => 48 * KiB, counters, 1, stop.Token),
        };

        await ThrottleDriver.RunAsync(time, TimeSpan.FromSeconds(4), tasks);

        var (first, second) = (Interlocked.Read(ref counters[0]), Interlocked.Read(ref counters[1]));
        await StopAsync(stop, tasks);
        AssertWithinTenPercent(8L * MiB, first + second);
        Assert.True(Math.Abs(first - second) <= (first + second) / 10, $"Unfair split: {first} vs {second} bytes.");
    }

    [Fact]
    public async Task AHugeRequestDoesNotStarveASmallWriter()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = new BandwidthLimiter(BandwidthSchedule.Parse("1M"), time);
        var counters = new long[2];
        using var stop = new CancellationTokenSource();
        var tasks = new List<Task>
        {
            // One request for far more than the whole test window can pass.
            StartWriter(limiter, _ => 64 * MiB, counters, 0, stop.Token),
            StartWriter(limiter, _ => 64 * KiB, counters, 1, stop.Token),
        };

        await ThrottleDriver.RunAsync(time, TimeSpan.FromSeconds(4), tasks);

        var small = Interlocked.Read(ref counters[1]);
        await StopAsync(stop, tasks);

        // Served piece by piece in turn, the small writer gets about half of the 4 MiB that could pass.
        Assert.InRange(small, (long)(0.4 * 4 * MiB), (long)(0.6 * 4 * MiB));
    }

    [Fact]
    public async Task TheLimitChangesWhenTheTimetableMovesToTheNextSlot()
    {
        // Local time is UTC+2, so 05:59:58 UTC is 07:59:58 on the schedule's clock.
        var zone = TimeZoneInfo.CreateCustomTimeZone("Test+02", TimeSpan.FromHours(2), "Test+02", "Test+02");
        var time = new ManualTimeProvider(new DateTimeOffset(2024, 1, 1, 5, 59, 58, TimeSpan.Zero), zone);
        var limiter = new BandwidthLimiter(BandwidthSchedule.Parse("00:00,1M 08:00,4M"), time);
        var counters = new long[3];
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, counters.Length).Select(i => StartWriter(limiter, _ => 32 * KiB, counters, i, stop.Token)).ToList();
        Assert.Equal(MiB, limiter.CurrentLimit);

        await ThrottleDriver.RunAsync(time, TimeSpan.FromSeconds(2), tasks);
        var beforeSwitch = Total(counters);
        Assert.Equal(4L * MiB, limiter.CurrentLimit);
        await ThrottleDriver.RunAsync(time, TimeSpan.FromSeconds(2), tasks);
        var afterSwitch = Total(counters) - beforeSwitch;

        await StopAsync(stop, tasks);
        AssertWithinTenPercent(2L * MiB, beforeSwitch);
        AssertWithinTenPercent(8L * MiB, afterSwitch);
    }

    [Fact]
    public async Task AnOffSlotLetsEverythingThroughAtOnce()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2024, 1, 1, 7, 59, 59, TimeSpan.Zero));
        var limiter = new BandwidthLimiter(BandwidthSchedule.Parse("00:00,64k 08:00,off"), time);
        Assert.True(limiter.WaitAsync(6 * KiB).IsCompletedSuccessfully);
        var waiting = limiter.WaitAsync(256 * KiB).AsTask();
        Assert.False(waiting.IsCompleted);

        // At 64 KiB/s the 256 KiB would take four seconds; the switch to "off" after one second lets the rest through.
        await ThrottleDriver.RunAsync(time, TimeSpan.FromSeconds(2), [waiting]);

        await CompletesAsync(waiting);
        Assert.Equal(0, limiter.CurrentLimit);
        Assert.True(limiter.WaitAsync(int.MaxValue).IsCompletedSuccessfully);
        Assert.Equal(0, time.PendingTimers);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("off")]
    [InlineData("0")]
    [InlineData("off:off")]
    public void SpecsThatNeverLimitGiveNoLimiter(string? spec)
    {
        Assert.Null(BandwidthLimiter.FromSpec(spec));
    }

    [Fact]
    public void FromSpecRejectsMalformedSpecs()
    {
        var error = Assert.Throws<StorageException>(() => BandwidthLimiter.FromSpec("08:00,1M 12:00,lots"));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("'lots'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnlimitedScheduleNeverWaits()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = new BandwidthLimiter(BandwidthSchedule.Unlimited, time);

        for (var i = 0; i < 100; i++)
        {
            Assert.True(limiter.WaitAsync(int.MaxValue).IsCompletedSuccessfully);
            Assert.True(limiter.WaitAsync(BandwidthDirection.Download, int.MaxValue).IsCompletedSuccessfully);
        }

        Assert.Equal(0, limiter.CurrentLimit);
        Assert.Equal(0, time.PendingTimers);
    }

    [Fact]
    public void UploadAndDownloadAreLimitedSeparately()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = BandwidthLimiter.FromSpec("off:256k", time)!;

        Assert.Equal(0, limiter.CurrentLimit);
        Assert.Equal(256 * KiB, limiter.GetCurrentLimit(BandwidthDirection.Download));
        Assert.True(limiter.WaitAsync(BandwidthDirection.Upload, 100 * MiB).IsCompletedSuccessfully);
        Assert.False(limiter.WaitAsync(BandwidthDirection.Download, 100 * KiB).IsCompleted);
    }

    [Fact]
    public async Task TheFirstBurstPassesImmediatelyAndTheNextPieceWaitsItsTime()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = BandwidthLimiter.FromSpec("1M", time)!;

        Assert.True(limiter.WaitAsync(MiB / 10).IsCompletedSuccessfully);
        var next = limiter.WaitAsync(64 * KiB).AsTask();
        Assert.False(next.IsCompleted);

        // 64 KiB at 1 MiB/s take 62.5 ms.
        time.Advance(TimeSpan.FromMilliseconds(62));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await CompletesAsync(next);
    }

    [Fact]
    public async Task AnAlreadyCancelledWaitThrowsAndTakesNothing()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = BandwidthLimiter.FromSpec("1M", time)!;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.WaitAsync(MiB / 10, cancelled.Token).AsTask());

        Assert.True(limiter.WaitAsync(MiB / 10).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task CancellingAWaitThrowsPromptlyAndGivesItsShareBack()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = BandwidthLimiter.FromSpec("1M", time)!;
        Assert.True(limiter.WaitAsync(MiB / 10).IsCompletedSuccessfully);
        using var cancel = new CancellationTokenSource();
        var cancelledWait = limiter.WaitAsync(64 * KiB, cancel.Token).AsTask();
        Assert.False(cancelledWait.IsCompleted);

        await cancel.CancelAsync();

        // No simulated time has passed: the cancellation alone ended the wait.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledWait);
        Assert.Equal(0, time.PendingTimers);

        // Had the cancelled 64 KiB stayed reserved, the next 64 KiB would need 125 ms rather than 62.5 ms.
        var next = limiter.WaitAsync(64 * KiB).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(63));
        await CompletesAsync(next);
    }

    [Fact]
    public async Task CancellingALargeWaitMidwayGivesBackWhatItHadReserved()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = BandwidthLimiter.FromSpec("1M", time)!;
        using var cancel = new CancellationTokenSource();
        var large = limiter.WaitAsync(8 * MiB, cancel.Token).AsTask();
        await ThrottleDriver.RunAsync(time, TimeSpan.FromSeconds(1), [large]);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => large);

        // The cancelled call's bytes were never sent, so a fresh request gets the full burst straight away.
        Assert.True(limiter.WaitAsync(MiB / 10).IsCompletedSuccessfully);
    }

    [Fact]
    public void NegativeSizesAreRejected()
    {
        var limiter = BandwidthLimiter.FromSpec("1M", new ManualTimeProvider(Noon))!;

        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.WaitAsync(-1));
        Assert.True(limiter.WaitAsync(0).IsCompletedSuccessfully);
    }

    private static Task StartWriter(BandwidthLimiter limiter, Func<int, int> nextRequest, long[] counters, int index, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            var request = 0;
            while (Interlocked.Read(ref counters[index]) < RunawayCap)
            {
                var bytes = nextRequest(request++);
                await limiter.WaitAsync(bytes, cancellationToken);
                Interlocked.Add(ref counters[index], bytes);
            }
        }, CancellationToken.None);

    private static async Task StopAsync(CancellationTokenSource stop, IEnumerable<Task> writers)
    {
        await stop.CancelAsync();
        foreach (var writer in writers)
        {
            try
            {
                await writer;
            }
            catch (OperationCanceledException)
            {
                // Stopping the writers is how each test ends.
            }
        }
    }

    // The clock has been advanced past the wait's end; its continuation may still be queued on the thread pool, so
    // allow it a moment of real time (the bound only guards against a hang, it measures nothing).
    private static Task CompletesAsync(Task wait) => wait.WaitAsync(TimeSpan.FromSeconds(5));

    private static long Total(long[] counters)
    {
        var total = 0L;
        for (var i = 0; i < counters.Length; i++) total += Interlocked.Read(ref counters[i]);
        return total;
    }

    private static void AssertWithinTenPercent(long expected, long actual) =>
        Assert.True(Math.Abs(actual - expected) <= expected / 10, $"Expected about {expected} bytes (±10%) but {actual} passed.");
}
