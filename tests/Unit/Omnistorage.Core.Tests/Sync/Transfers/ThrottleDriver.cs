namespace Omnistorage.Core.Tests.Sync.Transfers;

/// <summary>
/// Moves a <see cref="ManualTimeProvider"/> forward in small steps while throttled workers run, letting every worker
/// settle (block on a timer or finish) before each step, so the outcome depends only on simulated time. The driver
/// never blocks a thread while it waits, because the workers' continuations need thread-pool threads to run.
/// </summary>
internal static class ThrottleDriver
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    /// <summary>Advances the clock by <paramref name="duration"/> in steps, settling the workers before and after.</summary>
    public static async Task RunAsync(ManualTimeProvider time, TimeSpan duration, IReadOnlyCollection<Task> workers)
    {
        var end = time.Elapsed + duration;
        await SettleAsync(time, workers);
        while (time.Elapsed < end)
        {
            var step = end - time.Elapsed < Step ? end - time.Elapsed : Step;
            time.Advance(step);
            await SettleAsync(time, workers);
        }
    }

    /// <summary>Advances the clock until every worker has finished, failing after <paramref name="limit"/> of simulated time.</summary>
    public static async Task RunUntilDoneAsync(ManualTimeProvider time, TimeSpan limit, IReadOnlyCollection<Task> workers)
    {
        var end = time.Elapsed + limit;
        await SettleAsync(time, workers);
        while (workers.Any(w => !w.IsCompleted))
        {
            Assert.True(time.Elapsed < end, $"The workers had not finished after {limit} of simulated time.");
            time.Advance(Step);
            await SettleAsync(time, workers);
        }
    }

    /// <summary>Waits until each unfinished worker is blocked on one of the clock's timers (or has finished).</summary>
    public static async Task SettleAsync(ManualTimeProvider time, IReadOnlyCollection<Task> workers)
    {
        while (true)
        {
            var armed = time.NextTimerArmed;
            var running = workers.Where(w => !w.IsCompleted).ToList();
            if (time.PendingTimers >= running.Count) return;

            // The real-time bound only turns a hang into a failure (a TimeoutException); nothing here measures time.
            await Task.WhenAny(armed, Task.WhenAny(running)).WaitAsync(TimeSpan.FromSeconds(5));
        }
    }
}
