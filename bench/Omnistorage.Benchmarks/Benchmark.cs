namespace Omnistorage.Benchmarks;

/// <summary>One measured comparison: Omnistorage against the raw path doing the same work, in the same run.</summary>
/// <param name="Group">The benchmark group (for example "file backend 1 GiB write").</param>
/// <param name="Subject">What was measured ("Omnistorage" or the raw baseline's name).</param>
/// <param name="Seconds">Best wall time over the repetitions.</param>
/// <param name="Bytes">Bytes moved (0 when not meaningful).</param>
/// <param name="Items">Items handled (records, files; 0 when not meaningful).</param>
/// <param name="PeakManagedBytes">Peak GC heap size seen during the run of this subject, or -1.</param>
/// <param name="MedianSeconds">The median wall time over the repetitions, or -1 when not recorded; a median far above the
/// best time means the machine was noisy during the run.</param>
public sealed record BenchResult(string Group, string Subject, double Seconds, long Bytes, long Items, long PeakManagedBytes, double MedianSeconds = -1);

/// <summary>Settings shared by all benchmarks.</summary>
/// <param name="WorkDirectory">A scratch directory on the local disk, removed after the run.</param>
/// <param name="Quick">Smaller sizes for a smoke run (used by CI to prove the harness works; figures then mean little).</param>
/// <param name="Repetitions">How many times each subject runs; the best time counts.</param>
public sealed record BenchContext(string WorkDirectory, bool Quick, int Repetitions);
