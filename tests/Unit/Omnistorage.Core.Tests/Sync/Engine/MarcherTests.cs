using Omnistorage.Sync;
using Omnistorage.Sync.Engine;
using static Omnistorage.Core.Tests.Sync.Engine.SyncTestSupport;

namespace Omnistorage.Core.Tests.Sync.Engine;

public sealed class MarcherTests
{
    private static async Task<List<MarchEntry>> MarchAsync(Marcher marcher)
    {
        var entries = new List<MarchEntry>();
        await foreach (var entry in marcher.MarchAsync()) entries.Add(entry);
        return entries;
    }

    private static string Describe(MarchEntry entry) =>
        (entry.Error is not null ? "!" : entry.Source is null ? "+" : entry.Destination is null ? "-" : "=") + entry.Path + (entry.IsDirectory ? "/" : string.Empty);

    [Fact]
    public async Task Pairs_names_of_both_sides_directory_by_directory_in_sorted_depth_first_order()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("src/a", "1"), ("src/b/c", "2"), ("src/d", "3"), ("src/b-x", "4"));
        await PutManyAsync(destination, ("dst/a", "1"), ("dst/b/x", "2"), ("dst/e", "3"), ("dst/only/deep/z", "4"));

        var entries = await MarchAsync(new Marcher(source, "src", destination, "dst"));

        Assert.Equal(
            ["=a", "=b/", "-b-x", "-d", "+e", "+only/", "-b/c", "+b/x", "+only/deep/", "+only/deep/z"],
            entries.Select(Describe).ToList());
        var pair = entries.Single(e => e.Path == "a");
        Assert.Equal("src/a", pair.Source!.Path);
        Assert.Equal("dst/a", pair.Destination!.Path);
    }

    [Fact]
    public async Task Excluded_objects_are_invisible_on_both_sides()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("keep.txt", "1"), ("noise.log", "2"), ("sub/deep.log", "3"));
        await PutManyAsync(destination, ("old.log", "4"), ("sub/other.txt", "5"));
        var filter = FilterSet.Create(new FilterOptions { Exclude = ["*.log"] });

        var entries = await MarchAsync(new Marcher(source, "", destination, "", filter));

        Assert.Equal(["-keep.txt", "=sub/", "+sub/other.txt"], entries.Select(Describe).ToList());
    }

    [Fact]
    public async Task Excluded_directories_are_never_listed()
    {
        var backend = new FaultInjectingBackend();
        await using var source = Wrap(backend);
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("cache/big/blob", "1"), ("docs/readme", "2"));
        var filter = FilterSet.Create(new FilterOptions { Exclude = ["/cache/**"] });

        var entries = await MarchAsync(new Marcher(source, "", destination, "", filter));

        Assert.DoesNotContain(entries, e => e.Path.StartsWith("cache", StringComparison.Ordinal) && !e.IsDirectory);
        Assert.Contains(entries, e => e.Path == "docs/readme");
        Assert.DoesNotContain("cache/big", backend.ListedDirectories);
    }

    [Fact]
    public async Task A_missing_destination_root_is_empty_and_a_missing_source_root_is_not_found()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutAsync(source, "data/file", "x");

        var entries = await MarchAsync(new Marcher(source, "data", destination, "nowhere"));
        Assert.Equal(["-file"], entries.Select(Describe).ToList());

        var error = await Assert.ThrowsAsync<StorageException>(() => MarchAsync(new Marcher(source, "missing", destination, "")));
        Assert.Equal(StorageErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task A_directory_that_cannot_be_listed_is_reported_and_skipped()
    {
        var backend = new FaultInjectingBackend
        {
            ListFailure = path => path == "broken" ? new StorageException(StorageErrorCode.PermissionDenied, "no entry") : null,
        };
        await using var source = Wrap(backend);
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("broken/a", "1"), ("fine/b", "2"));

        var entries = await MarchAsync(new Marcher(source, "", destination, ""));

        var failure = Assert.Single(entries, e => e.Error is not null);
        Assert.Equal("broken", failure.Path);
        Assert.Equal(StorageErrorCode.PermissionDenied, failure.Error!.Code);
        Assert.Contains(entries, e => e.Path == "fine/b");
        Assert.DoesNotContain(entries, e => e.Path == "broken/a");
    }

    [Fact]
    public async Task A_case_insensitive_destination_matches_names_ignoring_case()
    {
        await using var source = NewMemoryStore();
        await using var destination = Wrap(new FaultInjectingBackend { Traits = new BackendTraits { IsCaseInsensitive = true, CanHaveEmptyDirectories = true } });
        await PutManyAsync(source, ("Docs/ReadMe.md", "1"), ("b", "2"));
        await PutManyAsync(destination, ("docs/README.md", "1"), ("A", "0"));

        var marcher = new Marcher(source, "", destination, "");
        var entries = await MarchAsync(marcher);

        Assert.True(marcher.IsCaseInsensitive);
        Assert.Equal(["+A", "-b", "=Docs/", "=Docs/ReadMe.md"], entries.Select(Describe).ToList());
        Assert.Equal("docs/README.md", entries.Single(e => e.Path == "Docs/ReadMe.md").Destination!.Path);
    }

    [Fact]
    public async Task A_case_sensitive_destination_keeps_names_that_differ_in_case_apart()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutAsync(source, "ReadMe.md", "1");
        await PutAsync(destination, "README.md", "1");

        var entries = await MarchAsync(new Marcher(source, "", destination, ""));

        Assert.Equal(["+README.md", "-ReadMe.md"], entries.Select(Describe).ToList());
    }

    [Fact]
    public async Task An_object_facing_a_directory_is_a_type_mismatch_and_is_not_descended()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutAsync(source, "thing", "file");
        await PutAsync(destination, "thing/inner", "x");

        var entries = await MarchAsync(new Marcher(source, "", destination, ""));

        var entry = Assert.Single(entries);
        Assert.True(entry.IsTypeMismatch);
        Assert.False(entry.IsDirectory);
    }
}
