using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Omnistorage.Benchmarks;

// Benchmarks Omnistorage against the raw .NET path doing the same work in the same run; see bench/README.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// The PowerShell benchmarks start this program again in child processes (see PowerShellBenchmarks); those runs must
// not touch Core before the module is imported, so they branch off here, before anything else.
if (PowerShellBenchmarks.IsChildInvocation(args))
{
    return await PowerShellBenchmarks.RunChildAsync(args);
}

BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchArguments.Usage);
    return 2;
}

if (arguments.ShowHelp)
{
    Console.WriteLine(BenchArguments.Usage);
    return 0;
}

// The scratch directory is always a fresh one created by this run, even inside a directory the user named, so that
// removing it at the end can never delete anything the user put there.
var parent = arguments.WorkDirectory ?? Environment.GetEnvironmentVariable("OMNI_BENCH_DIR") ?? Path.GetTempPath();
Directory.CreateDirectory(parent);
var workDirectory = Path.Combine(Path.GetFullPath(parent), $"omni-bench-{Guid.NewGuid():N}"[..23]);
Directory.CreateDirectory(workDirectory);
var context = new BenchContext(workDirectory, arguments.Quick, arguments.Repetitions);

bool IncludeGroup(string group) => arguments.Only is null || group.Contains(arguments.Only, StringComparison.OrdinalIgnoreCase);

var fileGroups = FileBenchmarks.GroupNames(context);
var listingGroups = ListingBenchmarks.GroupNames(context);
var powershellGroups = PowerShellBenchmarks.GroupNames(context);
// Record groups are named by their own suite and unknown until it runs, so the records suite runs when the filter
// names it, or names none of the other suites' groups (it may then name a record group).
var recordsSuiteNamed = arguments.Only is { } only &&
    ("records".Contains(only, StringComparison.OrdinalIgnoreCase) || only.Contains("record", StringComparison.OrdinalIgnoreCase));
var runRecords = arguments.Only is null || recordsSuiteNamed || !fileGroups.Concat(listingGroups).Concat(powershellGroups).Any(IncludeGroup);

// The 1 GiB groups keep at most a source and one copy of it at a time (plus slack); everything else is small.
var requiredFreeBytes = fileGroups.Concat(powershellGroups.Where(g => g.Contains("Copy-Item", StringComparison.Ordinal))).Any(IncludeGroup) && !arguments.Quick
    ? 3_000_000_000L
    : 300_000_000L;
var freeBytes = new DriveInfo(workDirectory).AvailableFreeSpace;
if (freeBytes < requiredFreeBytes)
{
    Console.Error.WriteLine($"Only {Format.Bytes(freeBytes)} free under {parent}; this run needs about {Format.Bytes(requiredFreeBytes)}. " +
                            "Free some space, pick another disk with --work-dir or OMNI_BENCH_DIR, or use --quick.");
    Directory.Delete(workDirectory, recursive: true);
    return 2;
}

var machine = MachineInfo.Describe(arguments, workDirectory);
Console.WriteLine(machine);
Console.WriteLine();

var results = new List<BenchResult>();
try
{
    results.AddRange(await FileBenchmarks.RunAsync(context, IncludeGroup));
    results.AddRange(await ListingBenchmarks.RunAsync(context, IncludeGroup));
    results.AddRange(await PowerShellBenchmarks.RunAsync(context, IncludeGroup));
    if (runRecords)
    {
        results.AddRange(RecordBenchmarks.Run(context).Where(result => recordsSuiteNamed || IncludeGroup(result.Group)));
    }
}
finally
{
    try
    {
        Directory.Delete(workDirectory, recursive: true);
    }
    catch (IOException ex)
    {
        Console.Error.WriteLine($"Could not remove the scratch directory {workDirectory}: {ex.Message}");
    }
}

if (results.Count == 0)
{
    Console.Error.WriteLine($"No benchmark group matches '{arguments.Only}'. Groups: {string.Join("; ", fileGroups.Concat(listingGroups).Concat(powershellGroups))}; plus the record groups.");
    return 2;
}

var report = Report.Build(results);
Console.WriteLine();
Console.WriteLine(report.ToText());
if (arguments.MarkdownFile is { } markdownFile)
{
    await File.WriteAllTextAsync(markdownFile, report.ToMarkdown(machine));
    Console.WriteLine($"Markdown written to {markdownFile}");
}

return 0;

/// <summary>The command line.</summary>
internal sealed record BenchArguments(bool Quick, int Repetitions, string? Only, string? WorkDirectory, string? MarkdownFile, bool ShowHelp)
{
    public const string Usage = """
        Usage: bash bench/run.sh [--quick] [--repetitions N] [--only TEXT] [--work-dir DIR] [--markdown FILE]
          --quick           small sizes (64 MiB files, 10,000 listed files); proves the harness works, figures mean little
          --repetitions N   runs per subject, best time counts (default 3)
          --only TEXT       run only the groups whose name contains TEXT (case-insensitive), e.g. "file write", "listing", "record", "powershell"
          --work-dir DIR    where the scratch directory is created (default $OMNI_BENCH_DIR, else the system temp directory)
          --markdown FILE   also write the results as markdown tables to FILE
        """;

    public static BenchArguments Parse(string[] args)
    {
        var quick = false;
        var repetitions = 3;
        string? only = null, workDirectory = null, markdownFile = null;
        var showHelp = false;
        for (var index = 0; index < args.Length; index++)
        {
            string Value() => index + 1 < args.Length ? args[++index] : throw new ArgumentException($"{args[index]} needs a value.");
            switch (args[index])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--repetitions":
                    var text = Value();
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out repetitions) || repetitions < 1)
                    {
                        throw new ArgumentException($"--repetitions needs a whole number of at least 1, not '{text}'.");
                    }

                    break;
                case "--only":
                    only = Value();
                    break;
                case "--work-dir":
                    workDirectory = Value();
                    break;
                case "--markdown":
                    markdownFile = Value();
                    break;
                case "-h" or "--help":
                    showHelp = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[index]}'.");
            }
        }

        return new BenchArguments(quick, repetitions, only, workDirectory, markdownFile, showHelp);
    }
}

/// <summary>What the figures were measured on; printed first because figures from a different machine are not comparable.</summary>
internal static class MachineInfo
{
    public static string Describe(BenchArguments arguments, string workDirectory)
    {
        var lines = new List<string>
        {
            $"Omnistorage benchmarks, {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}{(arguments.Quick ? " (--quick: small sizes, figures are only a smoke test)" : "")}",
            $"Machine: {Environment.ProcessorCount} logical cores{CpuModel()}, {Format.Bytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} memory available to .NET",
            $"OS: {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})",
            $".NET: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, latency mode {GCSettings.LatencyMode}",
            $"Scratch directory: {workDirectory}; repetitions: {arguments.Repetitions} (best time counts)",
        };
        return string.Join(Environment.NewLine, lines);
    }

    private static string CpuModel()
    {
        // Only Linux exposes the model name without a native call; elsewhere the core count alone is printed.
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return "";
        var model = File.ReadLines(cpuInfo).FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal));
        return model is null ? "" : $" ({model[(model.IndexOf(':') + 1)..].Trim()})";
    }
}

/// <summary>Turns results into per-group tables with ratios against each group's raw baseline and the targets.</summary>
internal sealed class Report
{
    private readonly List<(string Group, List<Row> Rows)> _groups;

    private Report(List<(string Group, List<Row> Rows)> groups) => _groups = groups;

    private sealed record Row(string Subject, string Seconds, string MedianSeconds, string Throughput, string Ratio, string PeakHeap, string Target, bool? Passed);

    public static Report Build(IReadOnlyList<BenchResult> results)
    {
        var groups = new List<(string, List<Row>)>();
        foreach (var group in results.Select(r => r.Group).Distinct())
        {
            var members = results.Where(r => r.Group == group).ToList();
            // A group with a time limit is judged in seconds, not against a baseline: its other rows are context.
            var timeLimit = TimeLimitFor(group);
            var baseline = timeLimit is null ? members.FirstOrDefault(r => !IsOmnistorage(r)) : null;
            var target = baseline is null ? null : TargetFor(group);
            var rows = members.Select(result =>
            {
                string ratioText = "", targetText = "";
                bool? passed = null;
                if (timeLimit is { } limit && IsOmnistorage(result))
                {
                    // The median, not the best run: a limit is a promise about a typical run.
                    var typical = result.MedianSeconds >= 0 ? result.MedianSeconds : result.Seconds;
                    passed = typical < limit.TotalSeconds;
                    targetText = $"median < {(limit.TotalSeconds >= 1 ? $"{limit.TotalSeconds:0.###} s" : $"{limit.TotalMilliseconds:0} ms")} {(passed.Value ? "PASS" : "FAIL")}";
                }
                else if (baseline is not null && ReferenceEquals(result, baseline))
                {
                    ratioText = "baseline";
                }
                else if (baseline is not null)
                {
                    var ratio = Throughput(result) / Throughput(baseline);
                    ratioText = $"{ratio * 100:F1}%";
                    if (target is { } minimum && IsOmnistorage(result))
                    {
                        passed = ratio >= minimum;
                        targetText = $">= {minimum * 100:F0}% {(passed.Value ? "PASS" : "FAIL")}";
                    }
                }

                return new Row(result.Subject, $"{result.Seconds:F3}", result.MedianSeconds >= 0 ? $"{result.MedianSeconds:F3}" : "", ThroughputText(result), ratioText, Format.Bytes(result.PeakManagedBytes), targetText, passed);
            }).ToList();
            groups.Add((group, rows));
        }

        return new Report(groups);
    }

    public string ToText()
    {
        var text = new StringBuilder();
        string[] headers = ["Subject", "Best s", "Median s", "Throughput", "vs raw", "Peak heap", "Target"];
        foreach (var (group, rows) in _groups)
        {
            var cells = rows.Select(Cells).ToList();
            var widths = headers.Select((header, column) => Math.Max(header.Length, cells.Max(row => row[column].Length))).ToArray();
            text.AppendLine($"== {group} ==");
            text.AppendLine(Line(headers, widths));
            foreach (var row in cells) text.AppendLine(Line(row, widths));
            text.AppendLine();
        }

        text.Append(Summary());
        return text.ToString();

        static string Line(string[] cells, int[] widths) =>
            string.Join("  ", cells.Select((cell, column) => column is 0 or 6 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]))).TrimEnd();
    }

    public string ToMarkdown(string machine)
    {
        var text = new StringBuilder();
        text.AppendLine("```text").AppendLine(machine).AppendLine("```").AppendLine();
        foreach (var (group, rows) in _groups)
        {
            text.AppendLine($"### {group}").AppendLine();
            text.AppendLine("| Subject | Best s | Median s | Throughput | vs raw | Peak heap | Target |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---|");
            foreach (var row in rows) text.AppendLine($"| {string.Join(" | ", Cells(row))} |");
            text.AppendLine();
        }

        text.AppendLine(Summary());
        return text.ToString();
    }

    private string Summary()
    {
        var judged = _groups.SelectMany(g => g.Rows).Where(r => r.Passed is not null).ToList();
        var failed = _groups.SelectMany(g => g.Rows.Where(r => r.Passed == false).Select(r => $"{g.Group}: {r.Subject} ({r.Ratio})")).ToList();
        var summary = $"Targets: {judged.Count(r => r.Passed == true)} of {judged.Count} met.";
        return failed.Count == 0 ? summary : summary + " Missed: " + string.Join("; ", failed) + ".";
    }

    private static string[] Cells(Row row) => [row.Subject, row.Seconds, row.MedianSeconds, row.Throughput, row.Ratio, row.PeakHeap, row.Target];

    private static bool IsOmnistorage(BenchResult result) => result.Subject.StartsWith(BenchRunner.OmnistoragePrefix, StringComparison.Ordinal);

    /// <summary>
    /// The agreed targets, as a fraction of the baseline's throughput: file writes and reads 95%, record writing 90%,
    /// listing 90%; through PowerShell, a recursive Get-ChildItem within 3x of Core's time and Copy-Item 90% of
    /// Core's throughput. The heap-growth groups compare Omnistorage with itself and have none.
    /// </summary>
    private static double? TargetFor(string group)
    {
        bool Has(string word) => group.Contains(word, StringComparison.OrdinalIgnoreCase);
        if (Has("heap")) return null;
        if (Has("powershell")) return Has("Get-ChildItem") ? 1.0 / 3 : Has("Copy-Item") ? 0.90 : null;
        if (Has("record")) return Has("writ") ? 0.90 : null;
        if (Has("listing")) return 0.90;
        if (Has("file") && (Has("write") || Has("read"))) return 0.95;
        return null;
    }

    /// <summary>The agreed limits on wall time: a cold Import-Module under 1 s, the first listed item under 100 ms.</summary>
    private static TimeSpan? TimeLimitFor(string group)
    {
        bool Has(string word) => group.Contains(word, StringComparison.OrdinalIgnoreCase);
        if (!Has("powershell")) return null;
        if (Has("Import-Module")) return TimeSpan.FromSeconds(1);
        if (Has("first item")) return TimeSpan.FromMilliseconds(100);
        return null;
    }

    private static double Throughput(BenchResult result) => (result.Bytes > 0 ? result.Bytes : result.Items) / result.Seconds;

    private static string ThroughputText(BenchResult result) =>
        result.Bytes > 0 ? $"{result.Bytes / result.Seconds / 1_000_000:N0} MB/s"
        : result.Items > 0 ? $"{result.Items / result.Seconds:N0} items/s"
        : "";
}
