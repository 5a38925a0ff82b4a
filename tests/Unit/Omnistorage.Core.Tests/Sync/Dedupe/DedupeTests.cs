using System.Text;
using Omnistorage.Sync;

namespace Omnistorage.Core.Tests.Sync.Dedupe;

public sealed class DedupeTests : IAsyncLifetime
{
    private ObjectStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await Omni.Open("memory://dedupe-" + Guid.NewGuid().ToString("N"));
        await Put("a/report.txt", "same content", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await Put("b/report-copy.txt", "same content", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await Put("c/deep/again.txt", "same content", new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await Put("a/other.txt", "different!!!", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));   // same size, other content
        await Put("x/one.bin", "xyz", null);
        await Put("y/two.bin", "xyz", null);
        await Put("empty1", "", null);
        await Put("empty2", "", null);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Groups_objects_with_the_same_content_and_ignores_same_size_different_content()
    {
        var groups = await Omnistorage.Sync.Dedupe.FindAsync(_store).ToListAsync();
        Assert.Equal(2, groups.Count);
        Assert.Equal(["a/report.txt", "b/report-copy.txt", "c/deep/again.txt"], groups[0].Objects.Select(o => o.Path));
        Assert.Equal(12 * 2, groups[0].ReclaimableBytes);
        Assert.Equal(["x/one.bin", "y/two.bin"], groups[1].Objects.Select(o => o.Path));
    }

    [Fact]
    public async Task Empty_objects_take_part_only_when_asked()
    {
        var groups = await Omnistorage.Sync.Dedupe.FindAsync(_store, new DedupeOptions { IncludeEmpty = true }).ToListAsync();
        Assert.Contains(groups, g => g.Size == 0 && g.Objects.Count == 2);
    }

    [Theory]
    [InlineData(DedupeMode.First, "a/report.txt")]
    [InlineData(DedupeMode.Newest, "b/report-copy.txt")]
    [InlineData(DedupeMode.Oldest, "c/deep/again.txt")]
    public async Task Modes_keep_one_object_per_group_and_delete_the_rest(DedupeMode mode, string kept)
    {
        var result = await Omnistorage.Sync.Dedupe.RunAsync(_store, new DedupeOptions { Mode = mode, Directory = "" });
        var reportGroup = new[] { "a/report.txt", "b/report-copy.txt", "c/deep/again.txt" };
        foreach (var path in reportGroup)
        {
            Assert.Equal(path == kept, await _store.ExistsAsync(path));
        }

        Assert.True(await _store.ExistsAsync("a/other.txt"));
        Assert.Equal(3, result.Deleted);   // two in the report group, one in the .bin group
        Assert.Equal(12 * 2 + 3, result.BytesFreed);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Dry_run_and_list_change_nothing()
    {
        var dry = await Omnistorage.Sync.Dedupe.RunAsync(_store, new DedupeOptions { Mode = DedupeMode.First, DryRun = true });
        Assert.Equal(0, dry.Deleted);
        Assert.Contains(dry.Actions, a => a.Delete && a.Path == "b/report-copy.txt");
        var listed = await Omnistorage.Sync.Dedupe.RunAsync(_store, new DedupeOptions { Mode = DedupeMode.List });
        Assert.Empty(listed.Actions);
        Assert.Equal(2, listed.Groups.Count);
        Assert.True(await _store.ExistsAsync("b/report-copy.txt"));
        Assert.True(await _store.ExistsAsync("c/deep/again.txt"));
    }

    [Fact]
    public async Task Filters_and_the_directory_limit_the_search()
    {
        var filters = FilterSet.Create(new FilterOptions { Exclude = ["c/"] });
        var groups = await Omnistorage.Sync.Dedupe.FindAsync(_store, new DedupeOptions { Filters = filters }).ToListAsync();
        Assert.Equal(["a/report.txt", "b/report-copy.txt"], groups[0].Objects.Select(o => o.Path));
        var inB = await Omnistorage.Sync.Dedupe.FindAsync(_store, new DedupeOptions { Directory = "b" }).ToListAsync();
        Assert.Empty(inB);
    }

    [Fact]
    public async Task A_named_hash_type_is_used_even_when_it_must_be_computed()
    {
        var groups = await Omnistorage.Sync.Dedupe.FindAsync(_store, new DedupeOptions { Hash = HashType.Md5 }).ToListAsync();
        Assert.Equal(HashType.Md5, groups[0].HashType);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes("same content"))), groups[0].Hash);
    }

    private async Task Put(string path, string content, DateTimeOffset? modified) =>
        await _store.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(content), new WriteOptions { LastModified = modified });
}
