namespace Omnistorage.Backends.File.Tests;

/// <summary>The root is a jail: neither '..' nor absolute paths nor symbolic links lead outside it.</summary>
public sealed class JailTests : FileBackendTestBase
{
    [Fact]
    public async Task Dot_dot_segments_are_rejected_by_the_store_and_by_the_backend_itself()
    {
        System.IO.File.WriteAllText(OutsideDirectory.Combine("secret"), "secret");
        var escape = $"../{Path.GetFileName(OutsideDirectory.Path)}/secret";

        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => Store.ReadAllBytesAsync(escape).AsTask());
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => Store.StatAsync("a/../../x").AsTask());
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => Backend.StatAsync(escape).AsTask());
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => Backend.OpenWriteAsync("a/../../x", WriteOptions.Default).AsTask());
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => Backend.DeleteAsync(escape).AsTask());
        Assert.True(System.IO.File.Exists(OutsideDirectory.Combine("secret")));
    }

    [Fact]
    public async Task Absolute_paths_are_relative_to_the_root()
    {
        var outsideFile = OutsideDirectory.Combine("anything");
        System.IO.File.WriteAllText(outsideFile, "outside");

        await WriteTextAsync("/etc/passwd", "inside");

        Assert.Equal("inside", System.IO.File.ReadAllText(RootDirectory.Combine("etc", "passwd")));
        Assert.Equal("inside", await ReadTextAsync("/etc/passwd"));
        Assert.False(await Store.ExistsAsync(outsideFile));
        await AssertFailsAsync(StorageErrorCode.NotFound, () => Store.ReadAllBytesAsync(outsideFile).AsTask());
    }

    [Fact]
    public async Task A_link_to_a_file_inside_the_root_is_followed()
    {
        await WriteTextAsync("data/real.txt", "real content");
        System.IO.File.CreateSymbolicLink(RootDirectory.Combine("alias.txt"), Path.Combine("data", "real.txt"));

        Assert.Equal("real content", await ReadTextAsync("alias.txt"));
        var info = await Store.StatAsync("alias.txt");
        Assert.Equal(12, info.Size);
        Assert.False(info.IsDirectory);
        var listed = Assert.Single(await ListAsync(), item => item.Path == "alias.txt");
        Assert.Equal(12, listed.Size);

        // Writing through the link replaces the target's content; the link stays a link.
        await WriteTextAsync("alias.txt", "rewritten");
        Assert.Equal("rewritten", System.IO.File.ReadAllText(RootDirectory.Combine("data", "real.txt")));
        Assert.NotNull(new FileInfo(RootDirectory.Combine("alias.txt")).LinkTarget);
    }

    [Fact]
    public async Task A_link_to_a_directory_inside_the_root_is_followed_for_listing_reading_and_writing()
    {
        await WriteTextAsync("target/one.txt", "1");
        Directory.CreateSymbolicLink(RootDirectory.Combine("shortcut"), "target");

        Assert.Equal(["shortcut/one.txt"], await ListPathsAsync("shortcut"));
        Assert.True((await Store.StatAsync("shortcut")).IsDirectory);
        Assert.Equal("1", await ReadTextAsync("shortcut/one.txt"));

        await WriteTextAsync("shortcut/two.txt", "2");
        Assert.Equal("2", System.IO.File.ReadAllText(RootDirectory.Combine("target", "two.txt")));
        Assert.Equal(
            ["shortcut", "shortcut/one.txt", "shortcut/two.txt", "target", "target/one.txt", "target/two.txt"],
            await ListPathsAsync(recursive: true));
    }

    [Fact]
    public async Task A_link_to_a_file_outside_the_root_is_refused_and_not_listed()
    {
        var secret = OutsideDirectory.Combine("secret.txt");
        System.IO.File.WriteAllText(secret, "secret");
        System.IO.File.CreateSymbolicLink(RootDirectory.Combine("leak.txt"), secret);
        var secretTime = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        System.IO.File.SetLastWriteTimeUtc(secret, secretTime);
        await WriteTextAsync("visible.txt", "ok");

        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.ReadAllBytesAsync("leak.txt").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.StatAsync("leak.txt").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.ExistsAsync("leak.txt").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => WriteTextAsync("leak.txt", "overwritten").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.OpenAppendAsync("leak.txt").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.SetModificationTimeAsync("leak.txt", DateTimeOffset.UnixEpoch).AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.CopyAsync("leak.txt", "copy.txt").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.CopyAsync("visible.txt", "leak.txt").AsTask());

        Assert.Equal(["visible.txt"], await ListPathsAsync());
        Assert.Equal(["visible.txt"], await ListPathsAsync(recursive: true));
        Assert.Equal("secret", System.IO.File.ReadAllText(secret));
        Assert.Equal(secretTime, System.IO.File.GetLastWriteTimeUtc(secret));

        // Deleting acts on the link itself, which lies inside the root; the outside file is untouched.
        await Store.DeleteAsync("leak.txt");
        Assert.False(System.IO.File.Exists(RootDirectory.Combine("leak.txt")));
        Assert.Equal("secret", System.IO.File.ReadAllText(secret));
    }

    [Fact]
    public async Task A_link_to_a_directory_outside_the_root_is_refused_and_not_listed_or_descended()
    {
        System.IO.File.WriteAllText(OutsideDirectory.Combine("secret.txt"), "secret");
        Directory.CreateDirectory(RootDirectory.Combine("nested"));
        Directory.CreateSymbolicLink(RootDirectory.Combine("nested", "escape"), OutsideDirectory.Path);

        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => ListAsync("nested/escape"));
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => ListAsync("nested/escape", recursive: true));
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.ReadAllBytesAsync("nested/escape/secret.txt").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.StatAsync("nested/escape").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => WriteTextAsync("nested/escape/planted.txt", "x").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.CreateDirectoryAsync("nested/escape/sub").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.MoveAsync("nested/escape/secret.txt", "stolen.txt").AsTask());

        Assert.Empty(await ListPathsAsync("nested"));
        Assert.Equal(["nested"], await ListPathsAsync(recursive: true));
        Assert.Equal(["secret.txt"], Directory.GetFileSystemEntries(OutsideDirectory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_link_inside_the_root_that_leads_to_a_link_leaving_it_is_refused()
    {
        System.IO.File.WriteAllText(OutsideDirectory.Combine("secret.txt"), "secret");
        Directory.CreateSymbolicLink(RootDirectory.Combine("out"), OutsideDirectory.Path);
        System.IO.File.CreateSymbolicLink(RootDirectory.Combine("innocent.txt"), Path.Combine("out", "secret.txt"));

        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.ReadAllBytesAsync("innocent.txt").AsTask());
        Assert.Empty(await ListPathsAsync());
    }

    [Fact]
    public async Task A_root_reached_through_a_link_still_contains_its_own_links()
    {
        var linkToRoot = OutsideDirectory.Combine("root-link");
        Directory.CreateSymbolicLink(linkToRoot, RootDirectory.Path);
        await WriteTextAsync("data/file.txt", "content");
        Directory.CreateSymbolicLink(RootDirectory.Combine("alias"), RootDirectory.Combine("data"));

        await using var store = new ObjectStore(new FileBackend(linkToRoot));

        Assert.Equal("content", System.Text.Encoding.UTF8.GetString(await store.ReadAllBytesAsync("alias/file.txt")));
    }

    [Fact]
    public async Task Recursive_listing_stops_at_a_link_that_would_loop()
    {
        await WriteTextAsync("a/b/file.txt", "x");
        Directory.CreateSymbolicLink(RootDirectory.Combine("a", "b", "up"), RootDirectory.Combine("a"));
        Directory.CreateSymbolicLink(RootDirectory.Combine("a", "self"), ".");

        var paths = await ListPathsAsync(recursive: true);

        Assert.Equal(["a", "a/b", "a/b/file.txt", "a/b/up", "a/self"], paths);
    }

    [Fact]
    public async Task Dangling_links_are_not_listed_but_can_be_deleted()
    {
        System.IO.File.CreateSymbolicLink(RootDirectory.Combine("dangling"), "nowhere");

        Assert.Empty(await ListPathsAsync());
        Assert.False(await Store.ExistsAsync("dangling"));
        await Store.DeleteAsync("dangling");
        Assert.Empty(Directory.GetFileSystemEntries(RootDirectory.Path));
    }

    [Fact]
    public async Task Purge_removes_links_without_touching_their_targets()
    {
        System.IO.File.WriteAllText(OutsideDirectory.Combine("keep.txt"), "keep");
        await WriteTextAsync("kept/inside.txt", "inside");
        await WriteTextAsync("doomed/file.txt", "x");
        Directory.CreateSymbolicLink(RootDirectory.Combine("doomed", "to-outside"), OutsideDirectory.Path);
        Directory.CreateSymbolicLink(RootDirectory.Combine("doomed", "to-kept"), RootDirectory.Combine("kept"));
        Directory.CreateSymbolicLink(RootDirectory.Combine("kept-link"), RootDirectory.Combine("kept"));

        await Store.PurgeAsync("doomed");
        await Store.PurgeAsync("kept-link");

        Assert.Equal(["kept", "kept/inside.txt"], await ListPathsAsync(recursive: true));
        Assert.True(System.IO.File.Exists(OutsideDirectory.Combine("keep.txt")));
    }
}
