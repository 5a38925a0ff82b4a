namespace Omnistorage.Conformance;

// Listings: direct children only, with the right kinds and sizes; empty directories where they can exist; recursive
// listings that equal the tree; listings long enough to need several pages.
public abstract partial class ConformanceSuite
{
    // The objects of the tree most listing cases build, with their sizes.
    private static readonly (string Path, int Size)[] TreeObjects =
    [
        ("top.txt", 11), ("a/one.txt", 0), ("a/b/two.txt", 222), ("a/b/c/three.txt", 3333), ("a/b/c/four.txt", 4), ("z/last.txt", 5),
    ];

    private static readonly string[] TreeDirectories = ["a", "a/b", "a/b/c", "z"];

    // Larger than the 1000-item pages of S3, GCS, Azure and most listing APIs.
    private const int ManyObjectsCount = 1001;

    /// <summary>Writes <see cref="TreeObjects"/> beneath <paramref name="under"/>; <see cref="AssertTreeContentAsync"/> checks them.</summary>
    private async Task BuildTreeAsync(ObjectStore? store = null, string under = "")
    {
        foreach (var (path, size) in TreeObjects)
        {
            await PutAsync(StoragePath.Combine(under, path), TreeContent(path, size), store: store);
        }
    }

    private async Task AssertTreeContentAsync(string under, ObjectStore? store = null)
    {
        foreach (var (path, size) in TreeObjects)
        {
            await AssertContentAsync(StoragePath.Combine(under, path), TreeContent(path, size), store);
        }
    }

    private static byte[] TreeContent(string relativePath, int size) => 
        GeneratedContent.Bytes(relativePath.Aggregate(17UL, (hash, c) => (hash * 31) + c), size);

    [ConformanceFact]
    public async Task Listing_shows_direct_children_with_kinds_and_sizes()
    {
        BeginCase();
        await BuildTreeAsync();
        var root = await ListAsync();
        Assert.Equal(["a", "top.txt", "z"], root.Select(item => item.Path).Order(StringComparer.Ordinal));
        Assert.True(root.Single(item => item.Path == "a").IsDirectory);
        Assert.True(root.Single(item => item.Path == "z").IsDirectory);
        var top = root.Single(item => item.Path == "top.txt");
        Assert.False(top.IsDirectory);
        Assert.Equal(11, top.Size);
        Assert.Equal("top.txt", top.Name);

        var b = await ListAsync("a/b");
        Assert.Equal(["a/b/c", "a/b/two.txt"], b.Select(item => item.Path).Order(StringComparer.Ordinal));
        Assert.Equal(222, b.Single(item => item.Path == "a/b/two.txt").Size);
        Assert.True(b.Single(item => item.Path == "a/b/c").IsDirectory);
        Assert.Equal("c", b.Single(item => item.Path == "a/b/c").Name);

        var c = await ListAsync("a/b/c");
        Assert.Equal(["a/b/c/four.txt", "a/b/c/three.txt"], c.Select(item => item.Path).Order(StringComparer.Ordinal));
        Assert.Equal(3333, c.Single(item => item.Path == "a/b/c/three.txt").Size);
        Assert.All(c, item => Assert.False(item.IsDirectory));
    }

    [ConformanceFact]
    public async Task Listing_an_empty_store_yields_nothing()
    {
        BeginCase();
        Assert.Empty(await ListAsync());
        Assert.Empty(await ListRecursiveAsync());
    }

    [ConformanceFact]
    public async Task Empty_directories_are_listed()
    {
        BeginCase();
        await Store.CreateDirectoryAsync("empty/nested");
        if (!Store.Features.CanHaveEmptyDirectories)
        {
            Skip("The backend cannot hold empty directories (creating one is allowed and changes nothing visible).");
        }

        Assert.Contains(await ListAsync(), item => item.Path == "empty" && item.IsDirectory);
        Assert.Contains(await ListAsync("empty"), item => item.Path == "empty/nested" && item.IsDirectory);
        Assert.Empty(await ListAsync("empty/nested"));
        Assert.True((await Store.StatAsync("empty/nested")).IsDirectory);
        Assert.Contains(await ListRecursiveAsync(), item => item.Path == "empty/nested" && item.IsDirectory);
    }

    [ConformanceFact]
    public async Task Recursive_listing_equals_the_whole_tree()
    {
        BeginCase();
        await BuildTreeAsync();
        var items = await ListRecursiveAsync();
        AssertIsTree(items, "");

        // Walking directory by directory must find exactly the same items.
        var walked = new List<ObjectInfo>();
        var pending = new Stack<string>([""]);
        while (pending.Count > 0)
        {
            foreach (var item in await ListAsync(pending.Pop()))
            {
                walked.Add(item);
                if (item.IsDirectory) pending.Push(item.Path);
            }
        }

        Assert.Equal(walked.Where(i => !i.IsDirectory).Select(i => (i.Path, i.Size)).Order(),
            items.Where(i => !i.IsDirectory).Select(i => (i.Path, i.Size)).Order());
    }

    [ConformanceFact]
    public async Task Recursive_listing_of_a_subdirectory_stays_inside_it()
    {
        BeginCase();
        await BuildTreeAsync();
        var items = await ListRecursiveAsync("a/b");
        Assert.Equal(["a/b/c/four.txt", "a/b/c/three.txt", "a/b/two.txt"],
            items.Where(i => !i.IsDirectory).Select(i => i.Path).Order(StringComparer.Ordinal));
        Assert.All(items.Where(i => i.IsDirectory), item => Assert.Equal("a/b/c", item.Path));
    }

    [ConformanceFact]
    public async Task Listing_pages_through_many_objects()
    {
        BeginCase();
        var expected = Enumerable.Range(0, ManyObjectsCount).Select(i => $"many/item-{i:D5}.txt").ToList();
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (path, _) => await PutAsync(path, [1]));
        var listed = (await ListAsync("many")).Select(item => item.Path).ToList();
        Assert.Equal(expected, listed.Order(StringComparer.Ordinal));
        var recursive = (await ListRecursiveAsync("many")).Select(item => item.Path).ToList();
        Assert.Equal(expected, recursive.Order(StringComparer.Ordinal));
    }

    [ConformanceFact]
    public async Task Listing_reflects_completed_writes_and_deletes()
    {
        BeginCase();
        if (!Store.Features.IsListingConsistent)
        {
            Skip("The backend's listings are only eventually consistent.");
        }

        await PutAsync("dir/seen.txt", [1, 2]);
        Assert.Contains(await ListAsync("dir"), item => item.Path == "dir/seen.txt" && item.Size == 2);
        await PutAsync("dir/seen.txt", [1, 2, 3, 4]);
        Assert.Contains(await ListAsync("dir"), item => item.Path == "dir/seen.txt" && item.Size == 4);
        await PutAsync("dir/other.txt", [1]);
        await Store.DeleteAsync("dir/seen.txt");
        Assert.DoesNotContain(await ListAsync("dir"), item => item.Path == "dir/seen.txt");
        Assert.DoesNotContain(await ListRecursiveAsync(), item => item.Path == "dir/seen.txt");
    }

    /// <summary>
    /// Asserts that <paramref name="items"/>, a recursive listing, is exactly the tree <see cref="BuildTreeAsync"/>
    /// wrote under <paramref name="under"/>: every object once with its size; directories, where the backend lists
    /// them, only those of the tree and <paramref name="extraDirectories"/> (and all of them when it has real directories).
    /// </summary>
    private void AssertIsTree(List<ObjectInfo> items, string under, params string[] extraDirectories)
    {
        var expectedObjects = TreeObjects.Select(o => (StoragePath.Combine(under, o.Path), (long)o.Size)).Order().ToList();
        Assert.Equal(expectedObjects, items.Where(i => !i.IsDirectory).Select(i => (i.Path, i.Size)).Order());
        var expectedDirectories = TreeDirectories.Concat(extraDirectories).Select(d => StoragePath.Combine(under, d)).Order(StringComparer.Ordinal).ToList();
        var directories = items.Where(i => i.IsDirectory).Select(i => i.Path).Order(StringComparer.Ordinal).ToList();
        if (Store.Features.IsBucketBased)
        {
            Assert.All(directories, d => Assert.Contains(d, expectedDirectories));
        }
        else
        {
            Assert.Equal(expectedDirectories, directories);
        }

        Assert.Equal(items.Count, items.Select(i => i.Path).Distinct(StringComparer.Ordinal).Count());
    }
}
