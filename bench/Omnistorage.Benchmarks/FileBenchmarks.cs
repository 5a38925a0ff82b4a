namespace Omnistorage.Benchmarks;

/// <summary>
/// Large sequential writes and reads through the file backend against plain <see cref="FileStream"/> doing the same
/// I/O in the same directory. The raw side uses the ordinary .NET idiom,
/// <c>new FileStream(path, mode, access, share, bufferSize: 1 MiB)</c> with <c>WriteAsync</c>/<c>ReadAsync</c> of 1 MiB
/// chunks, because the Omnistorage API under test is asynchronous too. Neither side calls fsync: the raw write ends
/// with <c>DisposeAsync</c> (which flushes to the OS) and the Omnistorage write with <c>CommitAsync</c>.
/// <para>
/// The raw write opens with <see cref="FileMode.CreateNew"/> (the file never exists when a run starts) rather than
/// <see cref="FileMode.Create"/>. On Unix, .NET implements Create as open + flock + <c>ftruncate(fd, 0)</c>, and ext4's
/// <c>auto_da_alloc</c> heuristic treats a file truncated to zero as a replaced file: its <c>close</c> then waits while
/// the delayed blocks of the whole file are allocated and writeback starts (about 0.4 s for 1 GiB here). The file
/// backend writes a new temporary file and renames it, which does not trigger that, so a Create baseline would measure
/// an ext4 quirk rather than Omnistorage.
/// </para>
/// </summary>
public static class FileBenchmarks
{
    private const int ChunkSize = 1 << 20;
    private const string RawName = "raw FileStream (1 MiB buffer, async)";
    private const string RawWriteName = "raw FileStream (CreateNew, 1 MiB buffer, async)";
    private const string OmnistorageWriteName = BenchRunner.OmnistoragePrefix + " (OpenWriteAsync + CommitAsync)";
    private const string OmnistorageReadName = BenchRunner.OmnistoragePrefix + " (OpenReadAsync)";

    /// <summary>The group names this suite would produce for <paramref name="context"/>, so the caller can filter before running.</summary>
    public static IReadOnlyList<string> GroupNames(BenchContext context)
    {
        var size = Format.Size(TotalBytes(context));
        return [$"file write {size} (1 MiB chunks)", $"file read {size} (1 MiB reads)"];
    }

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, Func<string, bool> includeGroup)
    {
        var groups = GroupNames(context);
        var results = new List<BenchResult>();
        if (!groups.Any(includeGroup)) return results;

        var totalBytes = TotalBytes(context);
        var directory = Path.Combine(context.WorkDirectory, "files");
        Directory.CreateDirectory(directory);

        // Random content keeps any layer from benefiting from compressible or zero pages; a fixed seed keeps runs comparable.
        var chunk = new byte[ChunkSize];
        new Random(20240601).NextBytes(chunk);

        await using var store = await Omni.Open(directory).ConfigureAwait(false);
        if (includeGroup(groups[0])) results.AddRange(await CompareWritesAsync(groups[0], context, store, directory, chunk, totalBytes).ConfigureAwait(false));
        if (includeGroup(groups[1])) results.AddRange(await CompareReadsAsync(groups[1], context, store, directory, chunk, totalBytes).ConfigureAwait(false));
        return results;
    }

    private static long TotalBytes(BenchContext context) => context.Quick ? 64L << 20 : 1L << 30;

    private static Task<IReadOnlyList<BenchResult>> CompareWritesAsync(string group, BenchContext context, ObjectStore store, string directory,
        byte[] chunk, long totalBytes)
    {
        const string rawFile = "raw-write.bin";
        const string omnistorageFile = "omnistorage-write.bin";
        var raw = new BenchSubject(RawWriteName,
            async _ =>
            {
                var path = Path.Combine(directory, rawFile);
                await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: ChunkSize))
                {
                    for (long written = 0; written < totalBytes; written += chunk.Length)
                    {
                        await stream.WriteAsync(chunk).ConfigureAwait(false);
                    }
                }

                return new FileInfo(path).Length;
            },
            // Deleting right after the run drops the file's dirty pages, so the next subject does not pay for their writeback.
            _ => DeleteFileAsync(Path.Combine(directory, rawFile)));
        var omnistorage = new BenchSubject(OmnistorageWriteName,
            async _ =>
            {
                await using (var writer = await store.OpenWriteAsync(omnistorageFile).ConfigureAwait(false))
                {
                    for (long written = 0; written < totalBytes; written += chunk.Length)
                    {
                        await writer.WriteAsync(chunk).ConfigureAwait(false);
                    }

                    await writer.CommitAsync().ConfigureAwait(false);
                }

                // Measured on disk rather than taken from the commit result, so both subjects are checked the same way.
                return new FileInfo(Path.Combine(directory, omnistorageFile)).Length;
            },
            _ => DeleteFileAsync(Path.Combine(directory, omnistorageFile)));
        return BenchRunner.CompareAsync(group, BenchUnit.Bytes, totalBytes, context.Repetitions, [raw, omnistorage]);
    }

    private static async Task<IReadOnlyList<BenchResult>> CompareReadsAsync(string group, BenchContext context, ObjectStore store, string directory,
        byte[] chunk, long totalBytes)
    {
        // Both subjects read the same file, written once and untimed, so they see the same on-disk layout and the same page cache.
        const string sourceFile = "read-source.bin";
        var sourcePath = Path.Combine(directory, sourceFile);
        await using (var stream = new FileStream(sourcePath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: ChunkSize))
        {
            for (long written = 0; written < totalBytes; written += chunk.Length)
            {
                await stream.WriteAsync(chunk).ConfigureAwait(false);
            }
        }

        var rawBuffer = new byte[ChunkSize];
        var omnistorageBuffer = new byte[ChunkSize];
        try
        {
            var raw = new BenchSubject(RawName, async _ =>
            {
                await using var stream = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: ChunkSize);
                return await DrainAsync(stream, rawBuffer).ConfigureAwait(false);
            });
            var omnistorage = new BenchSubject(OmnistorageReadName, async _ =>
            {
                await using var stream = await store.OpenReadAsync(sourceFile).ConfigureAwait(false);
                return await DrainAsync(stream, omnistorageBuffer).ConfigureAwait(false);
            });
            return await BenchRunner.CompareAsync(group, BenchUnit.Bytes, totalBytes, context.Repetitions, [raw, omnistorage]).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(sourcePath);
        }
    }

    private static async Task<long> DrainAsync(Stream stream, byte[] buffer)
    {
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static Task DeleteFileAsync(string path)
    {
        File.Delete(path);
        return Task.CompletedTask;
    }
}
