using Omnistorage.Backends.Memory;
using static Omnistorage.Backends.Multi.Tests.MultiTestSupport;

namespace Omnistorage.Backends.Multi.Tests;

/// <summary>Fan-out of content and changes to every target, reads from the primary, traits, and opening through the registry.</summary>
public sealed class MultiBackendTests
{
    [Fact]
    public async Task Every_target_holds_identical_content_after_a_write()
    {
        ObjectStore[] targets = [NewMemoryStore(), NewMemoryStore(), NewMemoryStore()];
        await using var multi = NewMultiStore(targets);
        var content = Content(300_000, seed: 7);
        var metadata = new Dictionary<string, string> { ["owner"] = "ops" };

        await using (var writer = await multi.OpenWriteAsync("data/part-0001.bin", new WriteOptions { ContentType = "application/x-test", Metadata = metadata }))
        {
            // Uneven pieces through both the synchronous and asynchronous paths.
            var offset = 0;
            for (var piece = 1; offset < content.Length; piece++)
            {
                var size = Math.Min(piece * 7919, content.Length - offset);
                if (piece % 2 == 0) writer.Write(content, offset, size);
                else await writer.WriteAsync(content.AsMemory(offset, size));
                offset += size;
            }

            await writer.CommitAsync();
        }

        foreach (var target in targets)
        {
            Assert.Equal(content, await ReadAsync(target, "data/part-0001.bin"));
            var info = await target.StatAsync("data/part-0001.bin");
            Assert.Equal("application/x-test", info.ContentType);
            Assert.Equal("ops", info.Metadata["owner"]);
        }
    }

    [Fact]
    public async Task Deletes_and_directory_changes_reach_every_target()
    {
        ObjectStore[] targets = [NewMemoryStore(), NewMemoryStore()];
        await using var multi = NewMultiStore(targets);
        await multi.WriteAllBytesAsync("a/doomed.txt", Content(10));
        await multi.CreateDirectoryAsync("empty/inner");

        Assert.All(await Task.WhenAll(targets.Select(t => t.ExistsAsync("empty/inner").AsTask())), Assert.True);
        await multi.DeleteAsync("a/doomed.txt");
        await multi.RemoveDirectoryAsync("empty/inner");

        foreach (var target in targets)
        {
            Assert.False(await target.ExistsAsync("a/doomed.txt"));
            Assert.False(await target.ExistsAsync("empty/inner"));
            Assert.True(await target.ExistsAsync("empty"));
        }
    }

    [Fact]
    public async Task A_failed_delete_is_an_error_in_all_mode_and_a_report_in_best_effort_mode()
    {
        var stubborn = NewMemoryStore();
        var other = NewMemoryStore();
        await stubborn.WriteAllBytesAsync("f.txt", Content(3));
        await other.WriteAllBytesAsync("f.txt", Content(3));
        var failingTarget = Store(new FailingBackend(stubborn.Backend, "stubborn") { FailDelete = true });

        await using (var all = NewMultiStore([other, failingTarget], new MultiBackendOptions { OwnsTargets = false }))
        {
            var error = await Assert.ThrowsAsync<MultiBackendException>(async () => await all.DeleteAsync("f.txt"));
            var failure = Assert.Single(error.Failures);
            Assert.Equal((1, TargetOperation.Delete), (failure.Index, failure.Operation));
            Assert.False(await other.ExistsAsync("f.txt"), "A delete cannot be undone, so the target that applied it stays changed.");
        }

        var reports = new List<MultiWriteReport>();
        await using var bestEffort = NewMultiStore([other, failingTarget], new MultiBackendOptions { Mode = MultiWriteMode.BestEffort, OnPartialFailure = reports.Add });
        await bestEffort.DeleteAsync("f.txt");
        Assert.Equal(MultiOperation.Delete, Assert.Single(reports).Operation);
        Assert.True(await stubborn.ExistsAsync("f.txt"));
    }

    [Fact]
    public async Task Removing_a_directory_missing_on_some_targets_succeeds_but_missing_everywhere_is_NotFound()
    {
        var first = NewMemoryStore();
        var second = NewMemoryStore();
        await first.CreateDirectoryAsync("only-here");
        await using var multi = NewMultiStore([first, second]);

        await multi.RemoveDirectoryAsync("only-here");
        Assert.False(await first.ExistsAsync("only-here"));

        var error = await Assert.ThrowsAnyAsync<StorageException>(async () => await multi.RemoveDirectoryAsync("nowhere"));
        Assert.Equal(StorageErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task Reads_come_from_the_primary_unless_read_fallback_is_on()
    {
        var primary = NewMemoryStore();
        var secondary = NewMemoryStore();
        var content = Content(500);
        await secondary.WriteAllBytesAsync("dir/only-secondary.bin", content);

        await using (var strict = NewMultiStore([primary, secondary], new MultiBackendOptions { OwnsTargets = false }))
        {
            var missing = await Assert.ThrowsAnyAsync<StorageException>(async () => await strict.StatAsync("dir/only-secondary.bin"));
            Assert.Equal(StorageErrorCode.NotFound, missing.Code);
            Assert.False(await strict.ExistsAsync("dir/only-secondary.bin"));
        }

        await using var lenient = NewMultiStore([primary, secondary], new MultiBackendOptions { ReadFallback = true });
        Assert.Equal(content.Length, (await lenient.StatAsync("dir/only-secondary.bin")).Size);
        Assert.True(await lenient.ExistsAsync("dir/only-secondary.bin"));
        Assert.Equal(content, await ReadAsync(lenient, "dir/only-secondary.bin"));
        var listed = new List<string>();
        await foreach (var item in lenient.ListAsync("dir")) listed.Add(item.Path);
        Assert.Equal(["dir/only-secondary.bin"], listed);
    }

    [Fact]
    public async Task Read_fallback_passes_over_an_unavailable_primary()
    {
        var secondary = NewMemoryStore();
        await secondary.WriteAllBytesAsync("x.txt", Content(20));
        var down = Store(new FailingBackend(NewMemoryStore().Backend, "down") { FailReads = true, Code = StorageErrorCode.Unavailable });

        await using var multi = NewMultiStore([down, secondary], new MultiBackendOptions { ReadFallback = true });

        Assert.Equal(20, (await multi.StatAsync("x.txt")).Size);
        Assert.True(await multi.ExistsAsync("x.txt"));
    }

    [Fact]
    public async Task Features_are_the_weakest_over_the_targets()
    {
        var coarse = new FailingBackend(new MemoryBackend(), "coarse")
        {
            TraitsOverride = new BackendTraits
            {
                IsCaseInsensitive = true,
                CanHaveEmptyDirectories = false,
                ModificationTimePrecision = TimeSpan.FromSeconds(2),
                MaxObjectSize = 1000,
            },
        };
        await using var mixed = NewMultiStore([NewMemoryStore(), Store(coarse)]);
        Assert.True(mixed.Features.IsCaseInsensitive);
        Assert.False(mixed.Features.CanHaveEmptyDirectories);
        Assert.Equal(TimeSpan.FromSeconds(2), mixed.Features.ModificationTimePrecision);
        Assert.Equal(1000, mixed.Features.MaxObjectSize);
        Assert.Equal(HashTypes.None, mixed.Features.NativeHashes);
        Assert.False(mixed.Features.CanServerSideCopy);

        await using var twoMemories = NewMultiStore([NewMemoryStore(), NewMemoryStore()]);
        Assert.Equal(HashTypes.Md5, twoMemories.Features.NativeHashes);
        Assert.True(twoMemories.Features.CanHaveEmptyDirectories);
        Assert.False(twoMemories.Features.IsReadOnly);
    }

    [Fact]
    public async Task Copies_and_moves_fall_back_to_reading_the_primary_and_writing_everywhere()
    {
        ObjectStore[] targets = [NewMemoryStore(), NewMemoryStore()];
        await using var multi = NewMultiStore(targets);
        var content = Content(1234);
        await multi.WriteAllBytesAsync("src.bin", content);

        await multi.CopyAsync("src.bin", "copy.bin");
        await multi.MoveAsync("src.bin", "moved.bin");

        foreach (var target in targets)
        {
            Assert.Equal(content, await ReadAsync(target, "copy.bin"));
            Assert.Equal(content, await ReadAsync(target, "moved.bin"));
            Assert.False(await target.ExistsAsync("src.bin"));
        }
    }

    [Fact]
    public async Task Opens_through_the_registry_with_a_list_of_target_uris()
    {
        var first = $"multi-test-{Guid.NewGuid():N}";
        var second = $"multi-test-{Guid.NewGuid():N}";
        try
        {
            var options = new Dictionary<string, object?>
            {
                ["targets"] = $"memory://{first} | memory://{second}/sub",
                ["mode"] = "quorum",
                ["quorum"] = "1",
                ["read-fallback"] = "true",
            };
            await using (var multi = await Omni.Open("multi", options))
            {
                Assert.Equal("multi", multi.Name);
                var backend = Assert.IsType<MultiBackend>(multi.Backend);
                Assert.Equal((MultiWriteMode.Quorum, 1, true), (backend.Options.Mode, backend.RequiredTargets, backend.Options.ReadFallback));
                Assert.Equal(2, backend.Targets.Count);
                await multi.WriteAllBytesAsync("hello.txt", Content(42));
            }

            await using var firstStore = await Omni.Open($"memory://{first}");
            await using var secondStore = await Omni.Open($"memory://{second}/sub");
            Assert.Equal(Content(42), await ReadAsync(firstStore, "hello.txt"));
            Assert.Equal(Content(42), await ReadAsync(secondStore, "hello.txt"));
        }
        finally
        {
            MemoryBackend.DeleteSharedStore(first);
            MemoryBackend.DeleteSharedStore(second);
        }
    }

    [Fact]
    public async Task The_registry_refuses_a_missing_target_list()
    {
        var error = await Assert.ThrowsAnyAsync<StorageException>(async () => await Omni.Open("multi"));
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("targets", error.Message, StringComparison.Ordinal);
    }
}
