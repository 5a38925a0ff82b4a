namespace Omnistorage.Conformance;

// Concurrent use: writers to different paths never interfere, writers racing for one path leave exactly one complete
// version (never a mix), and parallel readers all see the same bytes.
public abstract partial class ConformanceSuite
{
    [ConformanceFact]
    public async Task Concurrent_writers_to_different_paths_all_land()
    {
        BeginCase();
        var writers = Enumerable.Range(0, 16).Select(i => (Path: $"parallel/{i % 4}/object-{i}.bin", Content: GeneratedContent.Bytes((ulong)(100 + i), 20_000 + i)))
            .ToList();
        await Task.WhenAll(writers.Select(w => Task.Run(() => PutAsync(w.Path, w.Content))));
        foreach (var (path, content) in writers)
        {
            await AssertContentAsync(path, content);
        }

        Assert.Equal(16, (await ListRecursiveAsync("parallel")).Count(item => !item.IsDirectory));
    }

    [ConformanceFact]
    public async Task Concurrent_writers_to_one_path_leave_one_complete_version()
    {
        BeginCase();
        const int writerCount = 6;
        const int pieceSize = 32 * KiB;
        const int pieces = 8;
        var contents = Enumerable.Range(0, writerCount).Select(i => GeneratedContent.Bytes((ulong)(200 + i), pieceSize * pieces)).ToList();

        // All writers are open at once and their pieces interleave, so a backend that shared any state between them
        // (one temporary file, one buffer) would produce a mix.
        var streams = new List<ObjectWriteStream>();
        try
        {
            foreach (var _ in contents) streams.Add(await Store.OpenWriteAsync("contested.bin"));
            for (var piece = 0; piece < pieces; piece++)
            {
                for (var i = 0; i < writerCount; i++)
                {
                    await streams[i].WriteAsync(contents[i].AsMemory(piece * pieceSize, pieceSize));
                }
            }

            await Task.WhenAll(streams.Select(s => Task.Run(async () => await s.CommitAsync())));
        }
        finally
        {
            foreach (var stream in streams) await stream.DisposeAsync();
        }

        var final = await GetAsync("contested.bin");
        Assert.True(contents.Any(content => content.AsSpan().SequenceEqual(final)),
            "The object holds a mix of the writers' contents (or a truncated one) instead of exactly one of them.");
        Assert.Single(await ListAsync(), item => item.Path == "contested.bin");
    }

    [ConformanceFact]
    public async Task Concurrent_readers_see_the_same_content()
    {
        BeginCase();
        var content = GeneratedContent.Bytes(300, 512 * KiB + 3);
        await PutAsync("shared.bin", content);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => GetAsync("shared.bin"))));
        Assert.All(results, result => Assert.True(content.AsSpan().SequenceEqual(result), "A concurrent reader saw different bytes."));
    }
}
