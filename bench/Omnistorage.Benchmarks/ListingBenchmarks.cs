namespace Omnistorage.Benchmarks;

/// <summary>
/// Listing a large tree of empty files through the file backend against the raw .NET enumeration of the same tree.
/// <para>
/// The tree is <c>g0..g9/d0..d9/f0000..f0999</c>: 100 directories of 1,000 files (quick: 2 × 5 directories), grouped
/// under 10 parents so that one parent is a tenth of the tree. That lets the heap check list a tenth and the whole tree
/// with the same code: if listing streams, the live heap is the same for both.
/// </para>
/// <para>
/// Omnistorage returns an <see cref="ObjectInfo"/> with size and modification time, which costs an <c>lstat</c> per
/// entry on Linux. The baseline therefore reads the same two fields through
/// <see cref="DirectoryInfo.EnumerateFileSystemInfos(string, SearchOption)"/>; a names-only
/// <see cref="Directory.EnumerateFileSystemEntries(string, string, SearchOption)"/> row, which skips the <c>lstat</c>,
/// is shown beside it to make the price of that metadata visible.
/// </para>
/// </summary>
public static class ListingBenchmarks
{
    private const int FilesPerDirectory = 1000;
    private const string RawNamesOnly = "raw Directory.EnumerateFileSystemEntries (names only)";
    private const string RawWithMetadata = "raw DirectoryInfo.EnumerateFileSystemInfos (+ size, mtime)";

    /// <summary>The group names this suite would produce for <paramref name="context"/>, so the caller can filter before running.</summary>
    public static IReadOnlyList<string> GroupNames(BenchContext context)
    {
        var shape = TreeShape.For(context);
        return
        [
            $"listing recursive ({shape.EntryCount:N0} entries)",
            $"listing one directory at a time ({shape.DirectoryCount} directories of {FilesPerDirectory:N0} entries)",
            $"listing live heap (Omnistorage recursive, 1/{shape.ParentCount} of the tree vs all of it; full GC every 1,000 entries, so times are not comparable)",
        ];
    }

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, Func<string, bool> includeGroup)
    {
        var groups = GroupNames(context);
        var results = new List<BenchResult>();
        if (!groups.Any(includeGroup)) return results;

        var shape = TreeShape.For(context);
        var root = Path.Combine(context.WorkDirectory, "listing");
        CreateTree(root, shape);
        try
        {
            await using var store = await Omni.Open(root).ConfigureAwait(false);
            if (includeGroup(groups[0])) results.AddRange(await CompareRecursiveAsync(groups[0], context, store, root, shape).ConfigureAwait(false));
            if (includeGroup(groups[1])) results.AddRange(await CompareSingleDirectoryAsync(groups[1], context, store, root, shape).ConfigureAwait(false));
            if (includeGroup(groups[2])) results.AddRange(await CompareHeapGrowthAsync(groups[2], store, shape).ConfigureAwait(false));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        return results;
    }

    private static Task<IReadOnlyList<BenchResult>> CompareRecursiveAsync(string group, BenchContext context, ObjectStore store, string root, TreeShape shape)
    {
        var namesOnly = new BenchSubject(RawNamesOnly, _ =>
        {
            long count = 0;
            foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)) count++;
            return Task.FromResult(count);
        });
        var omnistorage = new BenchSubject(BenchRunner.OmnistoragePrefix + " (ListRecursiveAsync)", _ => CountRecursiveAsync(store, ""));
        var withMetadata = new BenchSubject(RawWithMetadata, _ =>
            Task.FromResult(CountWithMetadata(new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))));
        return BenchRunner.CompareAsync(group, BenchUnit.Items, shape.EntryCount, context.Repetitions, [withMetadata, omnistorage, namesOnly]);
    }

    private static Task<IReadOnlyList<BenchResult>> CompareSingleDirectoryAsync(string group, BenchContext context, ObjectStore store, string root, TreeShape shape)
    {
        var directories = shape.LeafDirectories().ToList();
        var namesOnly = new BenchSubject(RawNamesOnly, _ =>
        {
            long count = 0;
            foreach (var directory in directories)
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(Path.Combine(root, directory))) count++;
            }

            return Task.FromResult(count);
        });
        var omnistorage = new BenchSubject(BenchRunner.OmnistoragePrefix + " (ListAsync)", async _ =>
        {
            long count = 0;
            foreach (var directory in directories)
            {
                await foreach (var item in store.ListAsync(directory).ConfigureAwait(false)) count++;
            }

            return count;
        });
        var withMetadata = new BenchSubject(RawWithMetadata, _ =>
        {
            long count = 0;
            foreach (var directory in directories)
            {
                count += CountWithMetadata(new DirectoryInfo(Path.Combine(root, directory)).EnumerateFileSystemInfos());
            }

            return Task.FromResult(count);
        });
        return BenchRunner.CompareAsync(group, BenchUnit.Items, shape.FileCount, context.Repetitions, [withMetadata, omnistorage, namesOnly]);
    }

    private static async Task<IReadOnlyList<BenchResult>> CompareHeapGrowthAsync(string group, ObjectStore store, TreeShape shape) =>
    [
        await MeasureLiveHeapAsync(group, "g0", shape.EntryCountUnderOneParent, store).ConfigureAwait(false),
        await MeasureLiveHeapAsync(group, "", shape.EntryCount, store).ConfigureAwait(false),
    ];

    /// <summary>
    /// Lists recursively and takes the heap size after a full collection every 1,000 entries: the memory the listing
    /// actually holds. The sampled peak of the timed groups also counts garbage not yet collected, which grows with the
    /// work done until the GC's gen0 budget is reached and so cannot show whether a listing streams.
    /// </summary>
    private static async Task<BenchResult> MeasureLiveHeapAsync(string group, string directory, long expectedEntries, ObjectStore store)
    {
        long livePeak = 0;
        var (seconds, entries, _) = await BenchRunner.MeasureAsync(async () =>
        {
            long count = 0;
            await foreach (var item in store.ListRecursiveAsync(directory).ConfigureAwait(false))
            {
                if (++count % 1000 == 0) livePeak = Math.Max(livePeak, GC.GetTotalMemory(forceFullCollection: true));
            }

            return count;
        }).ConfigureAwait(false);
        if (entries != expectedEntries)
        {
            throw new InvalidOperationException($"{group}: listing '{directory}' returned {entries:N0} entries but {expectedEntries:N0} were expected.");
        }

        var subject = $"{BenchRunner.OmnistoragePrefix} ListRecursiveAsync(\"{directory}\"), {entries:N0} entries";
        Console.Error.WriteLine($"  [{group}] {subject}: live heap peak {Format.Bytes(livePeak)}");
        return new BenchResult(group, subject, seconds, 0, entries, livePeak);
    }

    private static async Task<long> CountRecursiveAsync(ObjectStore store, string directory)
    {
        long count = 0;
        await foreach (var item in store.ListRecursiveAsync(directory).ConfigureAwait(false)) count++;
        return count;
    }

    private static long CountWithMetadata(IEnumerable<FileSystemInfo> entries)
    {
        long count = 0;
        long totalSize = 0;
        var newest = DateTime.MinValue;
        foreach (var entry in entries)
        {
            count++;
            if (entry is FileInfo file) totalSize += file.Length;
            if (entry.LastWriteTimeUtc > newest) newest = entry.LastWriteTimeUtc;
        }

        // The fields must be read for the stat to happen; this check keeps the reads observable without printing them.
        if (totalSize < 0 || newest == DateTime.MaxValue) throw new InvalidOperationException("Impossible file metadata.");
        return count;
    }

    private static void CreateTree(string root, TreeShape shape)
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var directories = shape.LeafDirectories().ToList();
        Parallel.ForEach(directories, directory =>
        {
            var path = Path.Combine(root, directory);
            Directory.CreateDirectory(path);
            for (var file = 0; file < FilesPerDirectory; file++)
            {
                File.OpenHandle(Path.Combine(path, $"f{file:D4}"), FileMode.CreateNew, FileAccess.Write).Dispose();
            }
        });
        Console.Error.WriteLine($"  created {shape.FileCount:N0} empty files in {shape.DirectoryCount} directories in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
    }

    private sealed record TreeShape(int ParentCount, int DirectoriesPerParent)
    {
        public static TreeShape For(BenchContext context) => context.Quick ? new TreeShape(2, 5) : new TreeShape(10, 10);

        public int DirectoryCount => ParentCount * DirectoriesPerParent;

        public long FileCount => (long)DirectoryCount * FilesPerDirectory;

        /// <summary>Files plus every directory beneath the root (the parents and the leaves), as a recursive listing reports them.</summary>
        public long EntryCount => FileCount + ParentCount + DirectoryCount;

        /// <summary>Everything beneath one parent: its leaf directories and their files.</summary>
        public long EntryCountUnderOneParent => DirectoriesPerParent + (long)DirectoriesPerParent * FilesPerDirectory;

        public IEnumerable<string> LeafDirectories()
        {
            for (var parent = 0; parent < ParentCount; parent++)
            {
                for (var child = 0; child < DirectoriesPerParent; child++)
                {
                    yield return $"g{parent}/d{child}";
                }
            }
        }
    }
}
