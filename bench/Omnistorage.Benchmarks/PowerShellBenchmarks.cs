using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Provider;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using System.Security;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnistorage.Benchmarks;

/// <summary>
/// The PowerShell module measured as a user meets it: the BUILT module folder (the Release layout,
/// <c>src/Omnistorage.PowerShell/bin/Release/net8.0/module/Omnistorage</c>) imported into the real PowerShell engine.
/// <list type="bullet">
/// <item>Cold <c>Import-Module</c> in a fresh process, runspace creation reported separately (target: under 1 s).</item>
/// <item><c>Get-ChildItem -Recurse</c> of 100,000 objects on a memory drive against Core's own directory-by-directory
/// walk of an identical tree (targets: first item under 100 ms, total within 3× of Core, flat live heap).</item>
/// <item><c>Copy-Item</c> of 1 GiB between two file-backend drives against <c>ObjectStore.CopyPathAsync</c> between two
/// file stores, with progress on (target: at least 90% of Core's throughput).</item>
/// </list>
/// <para>
/// Why child processes: this program references Core for its other benchmarks, so Core sits on its trusted platform
/// assembly list, and the module's <c>Omnistorage.PowerShell.dll</c> would silently bind to that copy instead of the one
/// in its <c>Dependencies/</c> folder, which is not what a pwsh user runs. Every measurement that loads the module
/// therefore runs in a child process of this same program started through <c>dotnet exec</c> with a dependency
/// manifest that leaves out the module's own assemblies. In the child the module loads Core and the backends into its
/// own load context, exactly as in pwsh, and this program's Core-based baseline code binds to that same copy through
/// the module's resolver (the child checks both and refuses to measure otherwise). Baseline and provider thus run the
/// same Core code in the same process.
/// </para>
/// <para>
/// Why two helper cmdlets: the NuGet build of the engine has no Get-ChildItem or Copy-Item (they live in
/// Microsoft.PowerShell.Commands.Management, which is not published there), and the public provider intrinsics
/// (<c>InvokeProvider.ChildItem.Get</c>) collect every item into a list before returning, which would hide when the first
/// item arrives and hold the whole listing in memory. <see cref="GetBenchChildItemCommand"/> and
/// <see cref="CopyBenchItemCommand"/> do what Get-ChildItem and Copy-Item do: they call the engine's internal overloads
/// that take a <c>CmdletProviderContext</c> built on the running cmdlet, so every item the provider writes goes straight
/// down the pipeline and every progress record to the host. <see cref="MeasureBenchStreamCommand"/> is the next
/// command in the pipeline; it notes when the first item arrives and counts the rest, keeping none of them.
/// </para>
/// </summary>
public static class PowerShellBenchmarks
{
    private const string ProbeImportArgument = "--probe-import";
    private const string SuiteArgument = "--powershell-suite";
    private const string ResultPrefix = "OMNI-BENCH-RESULT ";
    private const int FilesPerDirectory = 1000;
    private const int ObjectSize = 16;
    private const int ChunkSize = 1 << 20;
    private const int ImportGroup = 0;
    private const int ListingGroup = 1;
    private const int FirstItemGroup = 2;
    private const int LiveHeapGroup = 3;
    private const int CopyGroup = 4;

    /// <summary>The group names this suite would produce for <paramref name="context"/>, so the caller can filter before running.</summary>
    public static IReadOnlyList<string> GroupNames(BenchContext context)
    {
        var shape = TreeShape.For(context);
        return
        [
            $"powershell cold Import-Module (fresh process each run, median of {ImportRuns(context)} runs)",
            $"powershell Get-ChildItem -Recurse of {shape.EntryCount:N0} entries (memory backend, provider vs Core)",
            $"powershell Get-ChildItem -Recurse time to first item ({shape.EntryCount:N0} entries, memory backend)",
            $"powershell Get-ChildItem live heap (provider, 1/{shape.ParentCount} of the tree vs all of it; full GC every 1,000 items, so times are not comparable)",
            $"powershell Copy-Item {Format.Size(CopyBytes(context))} between two file-backend drives (provider vs Core, progress on)",
        ];
    }

    /// <summary>True when <paramref name="args"/> is one of the hidden invocations this suite starts its child processes with.</summary>
    public static bool IsChildInvocation(string[] args) => args.Length > 0 && args[0] is ProbeImportArgument or SuiteArgument;

    /// <summary>Runs in a child process: the cold-import probe or the provider suite.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        Environment.SetEnvironmentVariable("POWERSHELL_TELEMETRY_OPTOUT", "1");
        Environment.SetEnvironmentVariable("POWERSHELL_UPDATECHECK", "Off");
        return args[0] == ProbeImportArgument ? ProbeImport(args[1]) : await RunSuiteChildAsync(args).ConfigureAwait(false);
    }

    /// <summary>Runs the groups that <paramref name="includeGroup"/> selects (in child processes) and returns their results.</summary>
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, Func<string, bool> includeGroup)
    {
        var groups = GroupNames(context);
        var included = Enumerable.Range(0, groups.Count).Where(index => includeGroup(groups[index])).ToList();
        var results = new List<BenchResult>();
        if (included.Count == 0) return results;

        var launcher = IsolatedLauncher.Prepare(ModuleManifest());
        if (included.Contains(ImportGroup)) results.AddRange(await MeasureColdImportAsync(groups[ImportGroup], context, launcher).ConfigureAwait(false));
        var suiteGroups = included.Where(index => index != ImportGroup).ToList();
        if (suiteGroups.Count > 0)
        {
            string[] arguments =
            [
                SuiteArgument, launcher.ModuleManifest, context.WorkDirectory, context.Quick ? "quick" : "full",
                context.Repetitions.ToString(CultureInfo.InvariantCulture), string.Join(',', suiteGroups),
            ];
            foreach (var line in await launcher.RunAsync(arguments).ConfigureAwait(false))
            {
                results.Add(JsonSerializer.Deserialize<BenchResult>(line) ?? throw new InvalidOperationException($"Unreadable result from the PowerShell suite: {line}"));
            }
        }

        return results;
    }

    private static int ImportRuns(BenchContext context) => context.Quick ? 3 : Math.Max(7, context.Repetitions);

    private static long CopyBytes(BenchContext context) => context.Quick ? 64L << 20 : 1L << 30;

    /// <summary>The built module's manifest: <c>OMNI_MODULE_PATH</c> (the manifest or its folder) when set, else the Release layout.</summary>
    private static string ModuleManifest()
    {
        var configured = Environment.GetEnvironmentVariable("OMNI_MODULE_PATH");
        var path = string.IsNullOrWhiteSpace(configured)
            ? typeof(PowerShellBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OmniModulePath").Value!
            : configured;
        if (Directory.Exists(path)) path = Path.Combine(path, "Omnistorage.psd1");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The built module is missing at {path}. Build it first: dotnet build src/Omnistorage.PowerShell -c Release.");
        }

        return Path.GetFullPath(path);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Cold import (parent side: one fresh child process per run).
    // ---------------------------------------------------------------------------------------------------------------

    private static async Task<IReadOnlyList<BenchResult>> MeasureColdImportAsync(string group, BenchContext context, IsolatedLauncher launcher)
    {
        var runs = ImportRuns(context);
        var runspaceSeconds = new List<double>();
        var importSeconds = new List<double>();
        var driveSeconds = new List<double>();

        // Run -1 is untimed: it brings the runtime, the engine and the module's files into the page cache, as the
        // other groups' warm-up runs do, so that the figures describe the software rather than the disk.
        for (var run = BenchRunner.WarmUpRun; run < runs; run++)
        {
            var line = (await launcher.RunAsync([ProbeImportArgument, launcher.ModuleManifest]).ConfigureAwait(false)).Single();
            var figures = line.Split(' ').Select(text => double.Parse(text, CultureInfo.InvariantCulture)).ToArray();
            if (run == BenchRunner.WarmUpRun) continue;
            runspaceSeconds.Add(figures[0]);
            importSeconds.Add(figures[1]);
            driveSeconds.Add(figures[2]);
            Console.Error.WriteLine($"  [{group}] run {run + 1}/{runs}: runspace {figures[0] * 1000:F0} ms, Import-Module {figures[1] * 1000:F0} ms, first drive {figures[2] * 1000:F0} ms");
        }

        return
        [
            new BenchResult(group, BenchRunner.OmnistoragePrefix + " Import-Module (Release module layout)", importSeconds.Min(), 0, 0, -1, Median(importSeconds)),
            new BenchResult(group, "then the first New-PSDrive memory:// (loads Core and the backends; not judged)", driveSeconds.Min(), 0, 0, -1, Median(driveSeconds)),
            new BenchResult(group, "before it: runspace creation + first pipeline (PowerShell itself; not judged)", runspaceSeconds.Min(), 0, 0, -1, Median(runspaceSeconds)),
        ];
    }

    /// <summary>Child: creates a runspace, then times Import-Module alone, then the first drive; prints the three durations.</summary>
    private static int ProbeImport(string moduleManifest)
    {
        var started = Stopwatch.GetTimestamp();
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        // The first pipeline of a runspace pays for the engine's own warm-up; in an interactive pwsh the profile and
        // the prompt have paid it before the user types Import-Module, so it is counted with the runspace.
        Invoke(runspace, shell => shell.AddScript("$null"));
        var runspaceSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        started = Stopwatch.GetTimestamp();
        Invoke(runspace, shell => shell.AddCommand("Import-Module").AddParameter("Name", moduleManifest).AddParameter("ErrorAction", ActionPreference.Stop));
        var importSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        started = Stopwatch.GetTimestamp();
        NewDrive(runspace, "probe", "memory://omni-bench-probe");
        var driveSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        RequireModuleCore(moduleManifest);
        Console.WriteLine(ResultPrefix + string.Join(' ', new[] { runspaceSeconds, importSeconds, driveSeconds }.Select(s => s.ToString("R", CultureInfo.InvariantCulture))));
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The provider suite (child side: one process, one runspace, the module imported once).
    // ---------------------------------------------------------------------------------------------------------------

    private static async Task<int> RunSuiteChildAsync(string[] args)
    {
        var moduleManifest = args[1];
        var context = new BenchContext(args[2], args[3] == "quick", int.Parse(args[4], CultureInfo.InvariantCulture));
        var groups = args[5].Split(',').Select(text => int.Parse(text, CultureInfo.InvariantCulture)).ToHashSet();

        var host = new ProgressCountingHost();
        var initial = InitialSessionState.CreateDefault2();
        initial.Commands.Add(new SessionStateCmdletEntry("Get-BenchChildItem", typeof(GetBenchChildItemCommand), null));
        initial.Commands.Add(new SessionStateCmdletEntry("Copy-BenchItem", typeof(CopyBenchItemCommand), null));
        initial.Commands.Add(new SessionStateCmdletEntry("Measure-BenchStream", typeof(MeasureBenchStreamCommand), null));
        initial.Providers.Add(new SessionStateProviderEntry(BenchTreeProvider.ProviderName, typeof(BenchTreeProvider), null));
        using var runspace = RunspaceFactory.CreateRunspace(host, initial);
        runspace.Open();
        Invoke(runspace, shell => shell.AddCommand("Import-Module").AddParameter("Name", moduleManifest).AddParameter("ErrorAction", ActionPreference.Stop));

        // Only now may code that uses Core types run: the module's resolver is what finds Core in this process.
        var results = await RunSuiteAsync(context, runspace, host, groups, moduleManifest).ConfigureAwait(false);
        foreach (var result in results) Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<IReadOnlyList<BenchResult>> RunSuiteAsync(BenchContext context, Runspace runspace, ProgressCountingHost host,
        IReadOnlySet<int> groups, string moduleManifest)
    {
        RequireModuleCore(moduleManifest);
        var names = GroupNames(context);
        var results = new List<BenchResult>();
        if (groups.Overlaps([ListingGroup, FirstItemGroup, LiveHeapGroup]))
        {
            results.AddRange(await MeasureListingAsync(context, runspace, groups, names).ConfigureAwait(false));
        }

        if (groups.Contains(CopyGroup)) results.AddRange(await MeasureCopyAsync(names[CopyGroup], context, runspace, host).ConfigureAwait(false));
        return results;
    }

    private static async Task<IReadOnlyList<BenchResult>> MeasureListingAsync(BenchContext context, Runspace runspace, IReadOnlySet<int> groups, IReadOnlyList<string> names)
    {
        var shape = TreeShape.For(context);
        const string driveName = "pslisting";
        NewDrive(runspace, driveName, $"memory://omni-bench-{Guid.NewGuid():N}/tree");
        var results = new List<BenchResult>();
        try
        {
            // The drive's store is the module's; the baseline gets a private store of the same backend with the same
            // content, so both walk identical trees held the same way.
            var providerStore = DriveStore(runspace, driveName);
            await using var coreStore = await Omni.Open("memory:///").ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            await PopulateAsync(providerStore, shape).ConfigureAwait(false);
            await PopulateAsync(coreStore, shape).ConfigureAwait(false);
            Console.Error.WriteLine($"  wrote {shape.FileCount:N0} objects of {ObjectSize} bytes in {shape.DirectoryCount} directories, twice, in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");

            var root = driveName + ":\\";
            if (groups.Contains(ListingGroup) || groups.Contains(FirstItemGroup))
            {
                var firstItemSeconds = new List<double>();
                var core = new BenchSubject("Core ObjectStore.ListAsync, directory by directory (the provider's walk)", async _ => await WalkAsync(coreStore, "").ConfigureAwait(false));
                // What any provider pays in the engine: a provider with no storage behind it, writing the same tree in
                // the same order through the same pipeline. The gap between it and Core is PowerShell's, not Omnistorage's.
                BenchTreeProvider.Shape = (shape.ParentCount, shape.DirectoriesPerParent, FilesPerDirectory);
                NewDrive(runspace, "psfloor", BenchTreeProvider.RootName, BenchTreeProvider.ProviderName);
                var floor = new BenchSubject("engine floor: a storage-less provider, same tree, walk and pipeline", _ =>
                    Task.FromResult(ListThroughProvider(runspace, "psfloor:\\", liveHeapEvery: 0).Count));
                var provider = new BenchSubject(BenchRunner.OmnistoragePrefix + " provider: Get-ChildItem -Recurse, streamed to the next command", run =>
                {
                    var listing = ListThroughProvider(runspace, root, liveHeapEvery: 0);
                    if (run != BenchRunner.WarmUpRun) firstItemSeconds.Add(listing.FirstItemSeconds);
                    return Task.FromResult(listing.Count);
                });
                var listingResults = await BenchRunner.CompareAsync(names[ListingGroup], BenchUnit.Items, shape.EntryCount, context.Repetitions, [core, floor, provider]).ConfigureAwait(false);
                runspace.SessionStateProxy.Drive.Remove("psfloor", true, "global");
                if (groups.Contains(ListingGroup)) results.AddRange(listingResults);
                if (groups.Contains(FirstItemGroup))
                {
                    Console.Error.WriteLine($"  [{names[FirstItemGroup]}] first item after {string.Join(", ", firstItemSeconds.Select(s => $"{s * 1000:F1} ms"))}");
                    results.Add(new BenchResult(names[FirstItemGroup], BenchRunner.OmnistoragePrefix + " provider: first item of Get-ChildItem -Recurse (from Invoke)",
                        firstItemSeconds.Min(), 0, 0, -1, Median(firstItemSeconds)));
                }
            }

            if (groups.Contains(LiveHeapGroup))
            {
                results.Add(MeasureLiveHeap(names[LiveHeapGroup], runspace, driveName + ":\\g0", shape.EntryCountUnderOneParent));
                results.Add(MeasureLiveHeap(names[LiveHeapGroup], runspace, root, shape.EntryCount));
            }
        }
        finally
        {
            runspace.SessionStateProxy.Drive.Remove(driveName, true, "global");
        }

        return results;
    }

    /// <summary>
    /// Lists through the provider taking the live heap (after a full collection) every 1,000 items, before and after:
    /// if the provider streams, listing ten times as many items holds no more memory.
    /// </summary>
    private static BenchResult MeasureLiveHeap(string group, Runspace runspace, string path, long expectedItems)
    {
        BenchRunner.CollectFully();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var listing = ListThroughProvider(runspace, path, liveHeapEvery: 1000);
        BenchRunner.CollectFully();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        if (listing.Count != expectedItems)
        {
            throw new InvalidOperationException($"{group}: listing {path} returned {listing.Count:N0} items but {expectedItems:N0} were expected.");
        }

        var subject = $"{BenchRunner.OmnistoragePrefix} provider: Get-ChildItem -Recurse {path}, {listing.Count:N0} items (live heap {Format.Bytes(before)} before, {Format.Bytes(after)} after)";
        Console.Error.WriteLine($"  [{group}] {subject}: live heap peak {Format.Bytes(listing.LiveHeapPeak)}");
        return new BenchResult(group, subject, listing.TotalSeconds, 0, listing.Count, listing.LiveHeapPeak);
    }

    private static (long Count, double FirstItemSeconds, double TotalSeconds, long LiveHeapPeak) ListThroughProvider(Runspace runspace, string path, int liveHeapEvery)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddCommand("Get-BenchChildItem").AddParameter("Path", path).AddParameter("Recurse")
            .AddCommand("Measure-BenchStream").AddParameter("LiveHeapEvery", liveHeapEvery);
        var started = Stopwatch.GetTimestamp();
        var output = shell.Invoke();
        var total = Stopwatch.GetElapsedTime(started).TotalSeconds;
        ThrowOnErrors(shell, $"Get-ChildItem {path} -Recurse");
        var measurement = (StreamMeasurement)output.Single().BaseObject;
        var first = measurement.Count == 0 ? double.NaN : Stopwatch.GetElapsedTime(started, measurement.FirstItemTimestamp).TotalSeconds;
        return (measurement.Count, first, total, measurement.LiveHeapPeak);
    }

    private static async Task PopulateAsync(ObjectStore store, TreeShape shape)
    {
        var content = new byte[ObjectSize];
        new Random(20261125).NextBytes(content);
        foreach (var directory in shape.LeafDirectories())
        {
            for (var file = 0; file < FilesPerDirectory; file++)
            {
                await store.WriteAllBytesAsync($"{directory}/f{file:D4}", content).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The provider's walk done directly on Core: list a directory, then each of its subdirectories in order.</summary>
    private static async Task<long> WalkAsync(ObjectStore store, string root)
    {
        long count = 0;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var subdirectories = new List<string>();
            await foreach (var item in store.ListAsync(pending.Pop()).ConfigureAwait(false))
            {
                count++;
                if (item.IsDirectory) subdirectories.Add(item.Path);
            }

            for (var index = subdirectories.Count - 1; index >= 0; index--) pending.Push(subdirectories[index]);
        }

        return count;
    }

    private static async Task<IReadOnlyList<BenchResult>> MeasureCopyAsync(string group, BenchContext context, Runspace runspace, ProgressCountingHost host)
    {
        var totalBytes = CopyBytes(context);
        var root = Path.Combine(context.WorkDirectory, "powershell-copy");
        var sourceDirectory = Path.Combine(root, "source");
        var destinationDirectory = Path.Combine(root, "destination");
        Directory.CreateDirectory(sourceDirectory);
        Directory.CreateDirectory(destinationDirectory);
        const string sourceName = "source.bin";
        const string providerName = "provider-copy.bin";
        const string coreName = "core-copy.bin";

        // Random content, written once and untimed, read by both subjects from the same page cache.
        var chunk = new byte[ChunkSize];
        new Random(20240601).NextBytes(chunk);
        await using (var stream = new FileStream(Path.Combine(sourceDirectory, sourceName), FileMode.CreateNew, FileAccess.Write, FileShare.None, ChunkSize))
        {
            for (long written = 0; written < totalBytes; written += chunk.Length) await stream.WriteAsync(chunk).ConfigureAwait(false);
        }

        // Local paths as roots: the provider turns them into file:// URIs itself, whatever the platform.
        NewDrive(runspace, "pscopysource", sourceDirectory);
        NewDrive(runspace, "pscopydestination", destinationDirectory);
        try
        {
            // Two separate stores, as the two drives are, so Core streams the bytes exactly as the provider must.
            await using var coreSource = await Omni.Open(sourceDirectory).ConfigureAwait(false);
            await using var coreDestination = await Omni.Open(destinationDirectory).ConfigureAwait(false);
            var coreProgress = new LatestValueProgress();
            var core = new BenchSubject("Core ObjectStore.CopyPathAsync (two file stores, IProgress on)",
                async _ =>
                {
                    var copied = await ObjectStore.CopyPathAsync(coreSource, sourceName, coreDestination, coreName,
                        new CopyOptions { Progress = coreProgress }).ConfigureAwait(false);
                    return copied.Size == new FileInfo(Path.Combine(destinationDirectory, coreName)).Length ? copied.Size : -1;
                },
                _ => DeleteFileAsync(Path.Combine(destinationDirectory, coreName)));
            var provider = new BenchSubject(BenchRunner.OmnistoragePrefix + " provider: Copy-Item (two file drives, progress to the host)",
                run =>
                {
                    var progressBefore = host.ProgressRecords;
                    using var shell = System.Management.Automation.PowerShell.Create();
                    shell.Runspace = runspace;
                    shell.AddCommand("Copy-BenchItem").AddParameter("Path", $"pscopysource:\\{sourceName}").AddParameter("Destination", $"pscopydestination:\\{providerName}");
                    shell.Invoke();
                    ThrowOnErrors(shell, "Copy-Item");
                    if (run != BenchRunner.WarmUpRun) Console.Error.WriteLine($"  [{group}] the provider wrote {host.ProgressRecords - progressBefore} progress records to the host");
                    return Task.FromResult(new FileInfo(Path.Combine(destinationDirectory, providerName)).Length);
                },
                _ => DeleteFileAsync(Path.Combine(destinationDirectory, providerName)));
            return await BenchRunner.CompareAsync(group, BenchUnit.Bytes, totalBytes, context.Repetitions, [core, provider]).ConfigureAwait(false);
        }
        finally
        {
            runspace.SessionStateProxy.Drive.Remove("pscopysource", true, "global");
            runspace.SessionStateProxy.Drive.Remove("pscopydestination", true, "global");
            Directory.Delete(root, recursive: true);
        }
    }

    private static Task DeleteFileAsync(string path)
    {
        File.Delete(path);
        return Task.CompletedTask;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Engine helpers.
    // ---------------------------------------------------------------------------------------------------------------

    private static void NewDrive(Runspace runspace, string name, string root, string providerName = "Omni")
    {
        var provider = runspace.SessionStateProxy.Provider.GetOne(providerName);
        runspace.SessionStateProxy.Drive.New(new PSDriveInfo(name, provider, root, "benchmark drive", null), "global");
    }

    /// <summary>
    /// The store an Omni drive owns (its non-public <c>Store</c> property). The cast holds because this process's Core
    /// is the module's own copy; <see cref="RequireModuleCore"/> has checked that.
    /// </summary>
    private static ObjectStore DriveStore(Runspace runspace, string driveName)
    {
        var drive = runspace.SessionStateProxy.Drive.Get(driveName);
        var property = drive.GetType().GetProperty("Store", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException($"{drive.GetType().FullName} has no Store property; the benchmark needs it to fill the drive.");
        return (ObjectStore)property.GetValue(drive)!;
    }

    /// <summary>
    /// Refuses to measure unless Core was loaded from the module's Dependencies folder into the module's own load
    /// context, which is what pwsh does; anything else would be a different program from the one users run.
    /// </summary>
    private static void RequireModuleCore(string moduleManifest)
    {
        var dependencies = Path.Combine(Path.GetDirectoryName(moduleManifest)!, "Dependencies");
        var cores = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Omnistorage.Core").ToList();
        var fromModule = cores.Count == 1 && cores[0].Location.StartsWith(dependencies, StringComparison.Ordinal) &&
                         AssemblyLoadContext.GetLoadContext(cores[0]) != AssemblyLoadContext.Default;
        if (!fromModule)
        {
            throw new InvalidOperationException(
                $"Expected exactly one Omnistorage.Core, loaded by the module from {dependencies} into its own load context; found: " +
                string.Join("; ", cores.Select(a => $"{a.Location} in '{AssemblyLoadContext.GetLoadContext(a)?.Name}'")));
        }
    }

    private static void Invoke(Runspace runspace, Action<System.Management.Automation.PowerShell> build)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = runspace;
        build(shell);
        shell.Invoke();
        ThrowOnErrors(shell, shell.Commands.Commands.FirstOrDefault()?.CommandText ?? "script");
    }

    /// <summary>Missing commands and provider failures are non-terminating errors, which must never pass for a fast run.</summary>
    private static void ThrowOnErrors(System.Management.Automation.PowerShell shell, string what)
    {
        if (!shell.HadErrors && shell.Streams.Error.Count == 0) return;
        throw new InvalidOperationException($"{what} wrote errors: " + string.Join(" | ", shell.Streams.Error.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private sealed record TreeShape(int ParentCount, int DirectoriesPerParent)
    {
        public static TreeShape For(BenchContext context) => context.Quick ? new TreeShape(2, 5) : new TreeShape(10, 10);

        public int DirectoryCount => ParentCount * DirectoriesPerParent;

        public long FileCount => (long)DirectoryCount * FilesPerDirectory;

        /// <summary>Files plus every directory beneath the root, as a recursive listing reports them.</summary>
        public long EntryCount => FileCount + ParentCount + DirectoryCount;

        /// <summary>Everything beneath one parent: its leaf directories and their files.</summary>
        public long EntryCountUnderOneParent => DirectoriesPerParent + (long)DirectoriesPerParent * FilesPerDirectory;

        public IEnumerable<string> LeafDirectories()
        {
            for (var parent = 0; parent < ParentCount; parent++)
            {
                for (var child = 0; child < DirectoriesPerParent; child++) yield return $"g{parent}/d{child}";
            }
        }
    }

    /// <summary>Keeps only the latest value, as the provider's own progress does; <see cref="Progress{T}"/> would post every report.</summary>
    private sealed class LatestValueProgress : IProgress<long>
    {
        private long _value;

        public void Report(long value) => Volatile.Write(ref _value, value);
    }

    /// <summary>
    /// Starts this program in a child process whose dependency manifest leaves out the module's own assemblies (see
    /// the class remarks), and collects the result lines it prints.
    /// </summary>
    private sealed class IsolatedLauncher
    {
        private readonly string _muxer;
        private readonly string _runtimeConfig;
        private readonly string _dependencyManifest;
        private readonly string _program;

        private IsolatedLauncher(string moduleManifest, string muxer, string runtimeConfig, string dependencyManifest, string program)
        {
            ModuleManifest = moduleManifest;
            _muxer = muxer;
            _runtimeConfig = runtimeConfig;
            _dependencyManifest = dependencyManifest;
            _program = program;
        }

        public string ModuleManifest { get; }

        public static IsolatedLauncher Prepare(string moduleManifest)
        {
            var program = typeof(PowerShellBenchmarks).Assembly.Location;
            var directory = Path.GetDirectoryName(program)!;
            var name = Path.GetFileNameWithoutExtension(program);
            var dependencies = Path.Combine(Path.GetDirectoryName(moduleManifest)!, "Dependencies");
            var moduleAssemblies = Directory.EnumerateFiles(dependencies, "*.dll").Select(Path.GetFileNameWithoutExtension).OfType<string>()
                .Append("Omnistorage.PowerShell").ToHashSet(StringComparer.OrdinalIgnoreCase);

            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, name + ".deps.json")))!.AsObject();
            bool IsModuleAssembly(string key) => moduleAssemblies.Contains(key.Split('/')[0]);
            foreach (var (_, target) in manifest["targets"]!.AsObject())
            {
                var libraries = target!.AsObject();
                foreach (var key in libraries.Select(pair => pair.Key).Where(IsModuleAssembly).ToList()) libraries.Remove(key);
                foreach (var (_, library) in libraries)
                {
                    if (library?["dependencies"] is not JsonObject references) continue;
                    foreach (var key in references.Select(pair => pair.Key).Where(moduleAssemblies.Contains).ToList()) references.Remove(key);
                }
            }

            var listed = manifest["libraries"]!.AsObject();
            foreach (var key in listed.Select(pair => pair.Key).Where(IsModuleAssembly).ToList()) listed.Remove(key);

            // The host resolves package assets relative to the program's folder only when the manifest lives there.
            var isolated = Path.Combine(directory, name + ".isolated.deps.json");
            File.WriteAllText(isolated, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

            // The runtime lives in <dotnet root>/shared/Microsoft.NETCore.App/<version>/; the muxer is at the root.
            var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var muxer = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
            if (!File.Exists(muxer)) muxer = "dotnet";
            return new IsolatedLauncher(moduleManifest, muxer, Path.Combine(directory, name + ".runtimeconfig.json"), isolated, program);
        }

        /// <summary>Runs the child to its end; its stderr is this process's, its result lines are returned, other lines go to stderr.</summary>
        public async Task<IReadOnlyList<string>> RunAsync(IReadOnlyList<string> arguments)
        {
            var start = new ProcessStartInfo(_muxer) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "exec", "--runtimeconfig", _runtimeConfig, "--depsfile", _dependencyManifest, _program }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
            start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_muxer}.");
            var results = new List<string>();
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(ResultPrefix, StringComparison.Ordinal)) results.Add(line[ResultPrefix.Length..]);
                else Console.Error.WriteLine("  " + line);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"The PowerShell benchmark child ({string.Join(' ', arguments.Take(1))}) failed with exit code {process.ExitCode}; see its messages above.");
            }

            return results;
        }
    }
}

/// <summary>What <see cref="MeasureBenchStreamCommand"/> saw.</summary>
public sealed record StreamMeasurement(long Count, long FirstItemTimestamp, long LiveHeapPeak);

/// <summary>
/// Get-ChildItem's provider call, for the hosted engine that lacks the cmdlet: the engine's internal
/// <c>ChildItem.Get(path, recurse, depth, CmdletProviderContext)</c> with a context built on this cmdlet, so the
/// provider's items stream down the pipeline as they do from Get-ChildItem.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BenchChildItem")]
public sealed class GetBenchChildItemCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Recurse { get; set; }

    protected override void ProcessRecord() =>
        ProviderIntrinsics.Call(ProviderIntrinsics.GetChildItems, InvokeProvider.ChildItem, Path, Recurse.IsPresent, uint.MaxValue, ProviderIntrinsics.NewContext(this));
}

/// <summary>Copy-Item's provider call, for the hosted engine that lacks the cmdlet; progress goes to the host as from Copy-Item.</summary>
[Cmdlet(VerbsCommon.Copy, "BenchItem")]
public sealed class CopyBenchItemCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    public string Destination { get; set; } = string.Empty;

    protected override void ProcessRecord() =>
        ProviderIntrinsics.Call(ProviderIntrinsics.CopyItem, InvokeProvider.Item, Path, Destination, false, CopyContainers.CopyTargetContainer, ProviderIntrinsics.NewContext(this));
}

/// <summary>
/// The next command in a listing pipeline: notes when the first item arrives, counts the items and keeps none of them;
/// with <see cref="LiveHeapEvery"/> it also takes the live heap after a full collection every that many items.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "BenchStream")]
public sealed class MeasureBenchStreamCommand : PSCmdlet
{
    private long _count;
    private long _firstItemTimestamp;
    private long _liveHeapPeak;

    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter]
    public int LiveHeapEvery { get; set; }

    protected override void ProcessRecord()
    {
        if (_count++ == 0) _firstItemTimestamp = Stopwatch.GetTimestamp();
        if (LiveHeapEvery > 0 && _count % LiveHeapEvery == 0) _liveHeapPeak = Math.Max(_liveHeapPeak, GC.GetTotalMemory(forceFullCollection: true));
    }

    protected override void EndProcessing() => WriteObject(new StreamMeasurement(_count, _firstItemTimestamp, _liveHeapPeak));
}

/// <summary>The engine's internal provider-call overloads that Get-ChildItem and Copy-Item use (reached by reflection).</summary>
internal static class ProviderIntrinsics
{
    private static readonly Type ContextType =
        typeof(PSCmdlet).Assembly.GetType("System.Management.Automation.CmdletProviderContext", throwOnError: true)!;

    private static readonly ConstructorInfo ContextConstructor =
        ContextType.GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(Cmdlet)]) ?? throw Missing("CmdletProviderContext(Cmdlet)");

    public static readonly MethodInfo GetChildItems =
        typeof(ChildItemCmdletProviderIntrinsics).GetMethod("Get", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(string), typeof(bool), typeof(uint), ContextType])
        ?? throw Missing("ChildItemCmdletProviderIntrinsics.Get(string, bool, uint, CmdletProviderContext)");

    public static readonly MethodInfo CopyItem =
        typeof(ItemCmdletProviderIntrinsics).GetMethod("Copy", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(string), typeof(string), typeof(bool), typeof(CopyContainers), ContextType])
        ?? throw Missing("ItemCmdletProviderIntrinsics.Copy(string, string, bool, CopyContainers, CmdletProviderContext)");

    /// <summary>A context that passes the provider's output, errors and progress through <paramref name="command"/>, as the provider cmdlets' do.</summary>
    public static object NewContext(Cmdlet command) => ContextConstructor.Invoke([command]);

    public static void Call(MethodInfo method, object target, params object[] arguments)
    {
        try
        {
            method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
        }
    }

    private static MissingMethodException Missing(string what) =>
        new($"The PowerShell engine has no internal {what}; this engine version needs a different way to stream provider output.");
}

/// <summary>A host that counts progress records and discards them (and everything else) cheaply.</summary>
public sealed class ProgressCountingHost : PSHost
{
    private readonly Guid _id = Guid.NewGuid();
    private readonly CountingUserInterface _ui = new();

    public long ProgressRecords => _ui.ProgressRecords;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId => _id;
    public override string Name => "OmnistorageBenchmarkHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class CountingUserInterface : PSHostUserInterface
    {
        private long _progressRecords;

        public long ProgressRecords => Interlocked.Read(ref _progressRecords);

        public override PSHostRawUserInterface? RawUI => null;
        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) => throw new NotSupportedException();
        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override string ReadLine() => throw new NotSupportedException();
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
        public override void Write(string value) { }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
        public override void WriteLine(string value) { }
        public override void WriteErrorLine(string value) => Console.Error.WriteLine(value);
        public override void WriteDebugLine(string message) { }
        public override void WriteProgress(long sourceId, ProgressRecord record) => Interlocked.Increment(ref _progressRecords);
        public override void WriteVerboseLine(string message) { }
        public override void WriteWarningLine(string message) => Console.Error.WriteLine("WARNING: " + message);
    }
}

/// <summary>
/// The engine's floor for a listing: a navigation provider with no storage at all that serves the benchmark's tree shape
/// (<c>g*/d*/f*</c>) from arithmetic, walking it exactly as the Omni provider walks a store and writing one small object
/// per entry. Whatever it costs per item, every provider pays in PowerShell itself.
/// </summary>
[CmdletProvider(ProviderName, ProviderCapabilities.None)]
public sealed class BenchTreeProvider : NavigationCmdletProvider
{
    public const string ProviderName = "BenchTree";
    public const string RootName = "benchtree";

    /// <summary>The tree's shape: parents, directories per parent, files per directory.</summary>
    internal static (int Parents, int DirectoriesPerParent, int Files) Shape { get; set; }

    protected override bool IsValidPath(string path) => true;

    protected override bool ItemExists(string path) => Segments(path).Length <= 3;

    protected override bool IsItemContainer(string path) => Segments(path).Length < 3;

    protected override void GetItem(string path)
    {
        var segments = Segments(path);
        WriteItemObject(new BenchTreeItem(segments.Length == 0 ? RootName : segments[^1], segments.Length < 3), path, segments.Length < 3);
    }

    protected override void GetChildItems(string path, bool recurse) => GetChildItems(path, recurse, uint.MaxValue);

    protected override void GetChildItems(string path, bool recurse, uint depth)
    {
        var pending = new Stack<(string Path, uint Level)>();
        pending.Push((path.TrimEnd('/', '\\'), 0));
        while (pending.Count > 0)
        {
            var (directory, level) = pending.Pop();
            var descend = recurse && level < depth ? new List<string>() : null;
            var (names, containers) = Children(Segments(directory).Length);
            for (var index = 0; index < names; index++)
            {
                var name = containers ? (Segments(directory).Length == 0 ? $"g{index}" : $"d{index}") : $"f{index:D4}";
                var child = directory + "/" + name;
                if (containers) descend?.Add(child);
                WriteItemObject(new BenchTreeItem(name, containers), child, containers);
            }

            if (descend is null) continue;
            for (var index = descend.Count - 1; index >= 0; index--) pending.Push((descend[index], level + 1));
        }
    }

    private static (int Count, bool Containers) Children(int level) => level switch
    {
        0 => (Shape.Parents, true),
        1 => (Shape.DirectoriesPerParent, true),
        2 => (Shape.Files, false),
        _ => (0, false),
    };

    private static string[] Segments(string path)
    {
        var segments = path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 0 && segments[0] == RootName ? segments[1..] : segments;
    }
}

/// <summary>One entry of <see cref="BenchTreeProvider"/>'s tree.</summary>
public sealed record BenchTreeItem(string Name, bool IsContainer);
