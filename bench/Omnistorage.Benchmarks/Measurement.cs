using System.Diagnostics;

namespace Omnistorage.Benchmarks;

/// <summary>
/// Watches the managed heap from a dedicated background thread while a subject runs and keeps the largest size seen.
/// A dedicated thread (rather than a thread-pool timer) keeps sampling even when the subject saturates the pool with
/// asynchronous I/O continuations on a small machine.
/// </summary>
public sealed class HeapSampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private readonly ManualResetEventSlim _stopped = new(false);
    private readonly Thread _thread;
    private long _peakBytes;

    private HeapSampler()
    {
        _peakBytes = CurrentHeapBytes();
        _thread = new Thread(SampleUntilStopped) { IsBackground = true, Name = "heap sampler", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Starts sampling now.</summary>
    public static HeapSampler Start() => new();

    /// <summary>Stops sampling and returns the largest managed heap size seen, including one last sample taken now.</summary>
    public long Stop()
    {
        if (!_stopped.IsSet)
        {
            _stopped.Set();
            _thread.Join();
        }

        Record(CurrentHeapBytes());
        return Interlocked.Read(ref _peakBytes);
    }

    public void Dispose()
    {
        Stop();
        _stopped.Dispose();
    }

    // GetTotalMemory(false) is cheap and counts every byte allocated since the last collection, so it sees short-lived
    // buffers as well as retained ones; the GC's own last-collection figure could miss a peak that died before a GC.
    private static long CurrentHeapBytes() => GC.GetTotalMemory(forceFullCollection: false);

    private void SampleUntilStopped()
    {
        while (!_stopped.Wait(Interval))
        {
            Record(CurrentHeapBytes());
        }
    }

    private void Record(long bytes)
    {
        var seen = Interlocked.Read(ref _peakBytes);
        while (bytes > seen)
        {
            var previous = Interlocked.CompareExchange(ref _peakBytes, bytes, seen);
            if (previous == seen) return;
            seen = previous;
        }
    }
}

/// <summary>
/// One contender in a comparison. <see cref="RunAsync"/> is timed and returns how much work it did (bytes or items),
/// which the runner checks against the expected amount so that a subject that silently did less can never look fast.
/// <see cref="CleanupAsync"/> runs after every timed run, untimed.
/// </summary>
/// <param name="Name">Shown in the report. Names starting with "Omnistorage" are the subjects under test; the others are baselines.</param>
/// <param name="RunAsync">The timed work; receives the repetition number (from 0), or <see cref="BenchRunner.WarmUpRun"/> for the untimed warm-up.</param>
/// <param name="CleanupAsync">Untimed work after each run, warm-up included (deleting written files), or null; receives the same number.</param>
public sealed record BenchSubject(string Name, Func<int, Task<long>> RunAsync, Func<int, Task>? CleanupAsync = null);

/// <summary>What a comparison counts: bytes moved or items handled.</summary>
public enum BenchUnit
{
    Bytes,
    Items,
}

/// <summary>Runs subjects against each other with alternating order, keeping the best time and the largest heap peak.</summary>
public static class BenchRunner
{
    /// <summary>The repetition number passed to a subject's untimed warm-up run.</summary>
    public const int WarmUpRun = -1;

    /// <summary>The prefix that marks a subject as Omnistorage itself rather than a baseline.</summary>
    public const string OmnistoragePrefix = "Omnistorage";

    /// <summary>
    /// Runs every subject once untimed (<see cref="WarmUpRun"/>), then <paramref name="repetitions"/> times timed. Odd
    /// repetitions run the subjects in reverse order (raw, omni, omni, raw, ...) so that neither side always inherits a
    /// warmer or dirtier page cache from the other.
    /// Each run starts after a full blocking GC, with the heap sampled in the background while it runs.
    /// </summary>
    public static async Task<IReadOnlyList<BenchResult>> CompareAsync(string group, BenchUnit unit, long expectedAmount, int repetitions,
        IReadOnlyList<BenchSubject> subjects)
    {
        // One untimed run of each subject first: the Omnistorage assemblies start as quickly jitted tier-0 code while
        // the BCL baselines are precompiled, and short runs would otherwise measure the JIT rather than the code.
        foreach (var subject in subjects)
        {
            var warmedUp = await subject.RunAsync(WarmUpRun).ConfigureAwait(false);
            if (subject.CleanupAsync is { } cleanup) await cleanup(WarmUpRun).ConfigureAwait(false);
            CheckAmount(group, subject, unit, warmedUp, expectedAmount);
        }

        var runSeconds = subjects.Select(_ => new List<double>()).ToArray();
        var peakBytes = new long[subjects.Count];
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            var order = Enumerable.Range(0, subjects.Count).ToList();
            if (repetition % 2 == 1) order.Reverse();
            foreach (var index in order)
            {
                var subject = subjects[index];
                var (seconds, amount, peak) = await MeasureAsync(() => subject.RunAsync(repetition)).ConfigureAwait(false);
                if (subject.CleanupAsync is { } cleanup) await cleanup(repetition).ConfigureAwait(false);
                CheckAmount(group, subject, unit, amount, expectedAmount);
                runSeconds[index].Add(seconds);
                peakBytes[index] = Math.Max(peakBytes[index], peak);
                Console.Error.WriteLine($"  [{group}] {subject.Name}: run {repetition + 1}/{repetitions} {seconds:F3} s, peak heap {Format.Bytes(peak)}");
            }
        }

        return subjects.Select((subject, index) => new BenchResult(group, subject.Name, runSeconds[index].Min(),
            unit == BenchUnit.Bytes ? expectedAmount : 0, unit == BenchUnit.Items ? expectedAmount : 0, peakBytes[index],
            Median(runSeconds[index]))).ToList();
    }

    private static void CheckAmount(string group, BenchSubject subject, BenchUnit unit, long amount, long expectedAmount)
    {
        if (amount != expectedAmount)
        {
            throw new InvalidOperationException(
                $"{group}: '{subject.Name}' handled {amount:N0} {unit.ToString().ToLowerInvariant()} but {expectedAmount:N0} were expected; its time would be meaningless.");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Times one run of <paramref name="work"/> after a full GC, sampling the managed heap while it runs.</summary>
    public static async Task<(double Seconds, long Amount, long PeakManagedBytes)> MeasureAsync(Func<Task<long>> work)
    {
        CollectFully();
        using var sampler = HeapSampler.Start();
        var started = Stopwatch.GetTimestamp();
        var amount = await work().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed.TotalSeconds, amount, sampler.Stop());
    }

    /// <summary>A full, blocking, compacting collection, so that one subject's garbage is not counted against the next.</summary>
    public static void CollectFully()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}

/// <summary>Human-readable figures for the report.</summary>
public static class Format
{
    public static string Bytes(long bytes) => bytes switch
    {
        < 0 => "n/a",
        < 1024 * 1024 => $"{bytes / 1024.0:F0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):F1} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):F2} GiB",
    };

    /// <summary>A size the way the group titles state it: "1 GiB", "64 MiB".</summary>
    public static string Size(long bytes) =>
        bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB" : bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes:N0} bytes";
}
