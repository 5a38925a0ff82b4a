using System.Security.Cryptography;

namespace Omnistorage.Conformance;

// Writing and reading whole objects: sizes from empty to larger than memory should hold, overwrite rules, stat and hashes.
public abstract partial class ConformanceSuite
{
    // Larger than 64 MiB and deliberately not a round number, so chunk and part boundaries fall mid-buffer.
    private const long LargeObjectSize = 64L * MiB + 3 * MiB + 17;

    // How much the live managed heap may grow while the large object is written and read back. A backend that buffered
    // the whole object would exceed it at once; part buffers, pools and SDK overhead fit comfortably.
    private const long LargeObjectHeapAllowance = 32L * MiB;

    // One large-object case at a time in the whole process, so that heap measurements of one backend are not disturbed
    // by another suite's large object when several suites run in parallel.
    private static readonly SemaphoreSlim LargeObjectGate = new(1, 1);

    [ConformanceFact]
    public async Task Empty_object_round_trips()
    {
        BeginCase();
        await using (var writer = await Store.OpenWriteAsync("empty.txt"))
        {
            var committed = await writer.CommitAsync();
            Assert.Equal(0, committed.Size);
        }

        var info = await Store.StatAsync("empty.txt");
        Assert.Equal(0, info.Size);
        Assert.False(info.IsDirectory);
        Assert.Empty(await GetAsync("empty.txt"));
        var listed = Assert.Single(await ListAsync(), item => item.Path == "empty.txt");
        Assert.Equal(0, listed.Size);
    }

    [ConformanceFact]
    public async Task Small_object_round_trips()
    {
        BeginCase();
        var content = GeneratedContent.Bytes(1, 1000);
        var committed = await PutAsync("small.bin", content);
        Assert.Equal("small.bin", committed.Path);
        Assert.Equal(content.Length, committed.Size);
        Assert.False(committed.IsDirectory);
        await AssertContentAsync("small.bin", content);
        Assert.Equal(content, await Store.ReadAllBytesAsync("small.bin"));
    }

    [ConformanceFact]
    public async Task Object_written_in_uneven_pieces_round_trips()
    {
        BeginCase();
        var content = GeneratedContent.Bytes(2, 3 * MiB + 7);
        await using (var writer = await Store.OpenWriteAsync("pieces.bin", new WriteOptions { Size = content.Length }))
        {
            // Odd piece sizes, mixing the synchronous and asynchronous write paths, cross every internal buffer boundary.
            int[] pieceSizes = [1, 7, 4096, 65537, 3, MiB + 1, 100_000];
            var offset = 0;
            for (var i = 0; offset < content.Length; i++)
            {
                var size = Math.Min(pieceSizes[i % pieceSizes.Length], content.Length - offset);
                if (i % 2 == 0) await writer.WriteAsync(content.AsMemory(offset, size));
                else writer.Write(content, offset, size);
                offset += size;
            }

            Assert.Equal(content.Length, writer.BytesWritten);
            await writer.CommitAsync();
        }

        await AssertContentAsync("pieces.bin", content);

        // A backend that hashes while writing must have seen every piece, however small.
        var expected = MultiHasher.Compute(content, HashTypes.All);
        Assert.Equal(expected.OrderBy(kv => kv.Key), (await Store.GetHashesAsync("pieces.bin", HashTypes.All)).OrderBy(kv => kv.Key));
    }

    [ConformanceFact]
    public async Task Large_object_streams_through_without_buffering()
    {
        BeginCase();
        await LargeObjectGate.WaitAsync();
        try
        {
            const ulong seed = 64;
            var measure = !StoresDataInProcess;
            var baseline = measure ? GC.GetTotalMemory(forceFullCollection: true) : 0;
            long peakGrowth = 0;
            long nextSample = 8L * MiB;
            void Sample(long bytesSoFar)
            {
                if (!measure || bytesSoFar < nextSample) return;
                nextSample += 8L * MiB;
                peakGrowth = Math.Max(peakGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }

            string writtenHash;
            await using (var source = new GeneratedContentStream(seed, LargeObjectSize) { Progress = Sample })
            {
                var committed = await Store.WriteAsync("large.bin", source, new WriteOptions { Size = LargeObjectSize });
                Assert.Equal(LargeObjectSize, committed.Size);
                writtenHash = source.ProducedSha256;
            }

            Assert.Equal(LargeObjectSize, (await Store.StatAsync("large.bin")).Size);
            nextSample = 8L * MiB;
            long readBack = 0;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                await using var reader = await Store.OpenReadAsync("large.bin");
                var buffer = new byte[128 * KiB];
                int read;
                while ((read = await reader.ReadAsync(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    readBack += read;
                    Sample(readBack);
                }

                Assert.Equal(LargeObjectSize, readBack);
                Assert.Equal(writtenHash, Convert.ToHexStringLower(hash.GetHashAndReset()));
            }

            if (measure)
            {
                Assert.True(peakGrowth < LargeObjectHeapAllowance,
                    $"The managed heap grew by {peakGrowth / MiB} MiB while a {LargeObjectSize / MiB} MiB object was written and read; " +
                    $"at most {LargeObjectHeapAllowance / MiB} MiB was expected, so the object seems to be buffered in memory.");
            }

            await Store.DeleteAsync("large.bin");
        }
        finally
        {
            LargeObjectGate.Release();
        }
    }

    [ConformanceFact]
    public async Task Overwrite_replaces_the_whole_content()
    {
        BeginCase();
        await PutAsync("doc.txt", GeneratedContent.Bytes(3, 10_000));
        var replacement = GeneratedContent.Bytes(4, 100);
        var committed = await PutAsync("doc.txt", replacement);
        Assert.Equal(100, committed.Size);
        await AssertContentAsync("doc.txt", replacement);
        Assert.Single(await ListAsync(), item => item.Path == "doc.txt");
    }

    [ConformanceFact]
    public async Task Writing_without_overwrite_fails_when_the_object_exists()
    {
        BeginCase();
        var original = GeneratedContent.Bytes(5, 500);
        var noOverwrite = new WriteOptions { Overwrite = false };
        await PutAsync("once.txt", original, noOverwrite);
        await AssertFailsAsync(StorageErrorCode.AlreadyExists, () => PutAsync("once.txt", GeneratedContent.Bytes(6, 50), noOverwrite));
        await AssertContentAsync("once.txt", original);
    }

    [ConformanceFact]
    public async Task Writes_create_missing_parent_directories()
    {
        BeginCase();
        var content = GeneratedContent.Bytes(7, 10);
        await PutAsync("a/b/c/file.txt", content);
        await AssertContentAsync("a/b/c/file.txt", content);
        Assert.Contains(await ListAsync("a/b"), item => item.Path == "a/b/c" && item.IsDirectory);
        if (!Store.Features.IsBucketBased)
        {
            Assert.True((await Store.StatAsync("a/b")).IsDirectory);
        }
    }

    [ConformanceFact]
    public async Task Stat_describes_an_object()
    {
        BeginCase();
        var content = GeneratedContent.Bytes(8, 321);
        await PutAsync("dir/stat-me.bin", content);
        var info = await Store.StatAsync("dir/stat-me.bin");
        Assert.Equal("dir/stat-me.bin", info.Path);
        Assert.Equal("stat-me.bin", info.Name);
        Assert.Equal(321, info.Size);
        Assert.False(info.IsDirectory);
        if (Store.Features.HasModificationTimes)
        {
            // Only a sanity window: the backend's clock (a remote server's, perhaps) may differ from this machine's.
            Assert.NotNull(info.LastModified);
            Assert.InRange(info.LastModified.Value, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        }
    }

    [ConformanceFact]
    public async Task Requested_modification_time_is_kept()
    {
        BeginCase();
        if (!Store.Features.CanSetModificationTime)
        {
            // Backends that cannot set times may ignore WriteOptions.LastModified, so there is nothing to check.
            Skip("The backend cannot set modification times.");
        }

        var requested = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero).AddTicks(7_891_234);
        var committed = await PutAsync("dated.txt", [1, 2, 3], new WriteOptions { LastModified = requested });
        AssertSameTime(requested, (await Store.StatAsync("dated.txt")).LastModified, "stat after a write with LastModified");
        Assert.Contains(await ListAsync(), item => item.Path == "dated.txt" && item.LastModified.HasValue &&
            (item.LastModified.Value - requested).Duration() < Store.Features.ModificationTimePrecision);
        Assert.Equal(3, committed.Size);
    }

    [ConformanceFact]
    public async Task Commit_on_dispose_publishes_the_object()
    {
        BeginCase();
        var content = GeneratedContent.Bytes(9, 2000);
        await using (var writer = await Store.OpenWriteAsync("auto.bin", new WriteOptions { CommitOnDispose = true, Size = content.Length }))
        {
            await writer.WriteAsync(content);
        }

        await AssertContentAsync("auto.bin", content);
    }

    [ConformanceFact]
    public async Task Hashes_match_the_content()
    {
        BeginCase();
        foreach (var content in new[] { Array.Empty<byte>(), GeneratedContent.Bytes(10, 3), GeneratedContent.Bytes(11, 300_001) })
        {
            var path = $"hashed-{content.Length}.bin";
            await PutAsync(path, content);
            var expected = MultiHasher.Compute(content, HashTypes.All);
            var all = await Store.GetHashesAsync(path, HashTypes.All);
            foreach (var type in HashTypeExtensions.AllTypes)
            {
                Assert.Equal(expected[type], all[type]);
                Assert.Equal(expected[type], await Store.GetHashAsync(path, type));
            }

            // Hashes a backend volunteers in stat and listings must be right too, since callers trust them without reading.
            foreach (var (type, value) in (await Store.StatAsync(path)).Hashes)
            {
                Assert.Equal(expected[type], value);
            }

            foreach (var (type, value) in (await ListAsync()).Single(item => item.Path == path).Hashes)
            {
                Assert.Equal(expected[type], value);
            }
        }
    }
}
