namespace Omnistorage.Conformance;

// Path validation happens once, in ObjectStore, before any backend sees the path: nothing may name a place outside the
// store's root, and untidy but harmless spellings are normalized.
public abstract partial class ConformanceSuite
{
    private static readonly string[] EscapingPaths =
    [
        "..", "../x", "../../etc/passwd", "a/../../b", "a/..", "./x", ".", "a/./b", "a/b/../../..", "/../x", "x/\0", "a\0b", "bell\u0007",
    ];

    [ConformanceFact]
    public async Task Paths_that_escape_the_root_are_rejected_before_reaching_the_backend()
    {
        BeginCase();
        await using var guarded = CreateBasicStore(out var view);
        foreach (var path in EscapingPaths)
        {
            var operations = new (string Name, Func<Task> Call)[]
            {
                ("stat", async () => await guarded.StatAsync(path)),
                ("exists", async () => await guarded.ExistsAsync(path)),
                ("read", async () => await guarded.OpenReadAsync(path)),
                ("write", async () => await guarded.WriteAllBytesAsync(path, new byte[] { 1 })),
                ("delete", async () => await guarded.DeleteAsync(path)),
                ("list", () => ListAsync(path, guarded)),
                ("list recursively", () => ListRecursiveAsync(path, guarded)),
                ("create directory", async () => await guarded.CreateDirectoryAsync(path)),
                ("remove directory", async () => await guarded.RemoveDirectoryAsync(path)),
                ("copy from", async () => await guarded.CopyAsync(path, "safe.txt")),
                ("copy to", async () => await guarded.CopyAsync("safe.txt", path)),
                ("move from", async () => await guarded.MoveAsync(path, "safe.txt")),
                ("move to", async () => await guarded.MoveAsync("safe.txt", path)),
                ("move directory", async () => await guarded.MoveDirectoryAsync(path, "safe")),
                ("purge", async () => await guarded.PurgeAsync(path)),
                ("hash", async () => await guarded.GetHashAsync(path, HashType.Sha256)),
                ("cross-store copy", async () => await ObjectStore.CopyPathAsync(guarded, "safe.txt", guarded, path)),
            };
            foreach (var (name, call) in operations)
            {
                await AssertFailsAsync(StorageErrorCode.InvalidArgument, call, $"for {name} of '{path.Replace("\0", "\\0")}'");
            }
        }

        Assert.Equal(0, view.Calls);
        Assert.Empty(await ListRecursiveAsync());
    }

    [ConformanceFact]
    public async Task Over_long_paths_are_rejected()
    {
        BeginCase();
        var path = string.Join('/', Enumerable.Repeat(new string('x', 99), 50));
        Assert.True(path.Length > StoragePath.MaxLength);
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, async () => await Store.WriteAllBytesAsync(path, new byte[] { 1 }));
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, async () => await Store.StatAsync(path));
    }

    [ConformanceFact]
    public async Task Redundant_slashes_are_normalized()
    {
        BeginCase();
        var content = GeneratedContent.Bytes(70, 64);
        var committed = await PutAsync("/dir//sub///file.txt/", content);
        Assert.Equal("dir/sub/file.txt", committed.Path);
        await AssertContentAsync("dir/sub/file.txt", content);
        await AssertContentAsync("//dir/sub/file.txt", content);
        Assert.Contains(await ListAsync("/dir/sub/"), item => item.Path == "dir/sub/file.txt");
        Assert.Equal(["dir"], (await ListAsync("/")).Select(item => item.Path));
    }
}
