namespace Omnistorage.Backends.File.Tests;

/// <summary>Range reads, listings and the errors a user sees for wrong kinds of paths.</summary>
public sealed class ReadAndListTests : FileBackendTestBase
{
    private static readonly byte[] Content = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Store.WriteAllBytesAsync("data.bin", Content);
    }

    [Theory]
    [InlineData(0, -1, 0, 1000)]
    [InlineData(10, 20, 10, 20)]
    [InlineData(990, 50, 990, 10)]
    [InlineData(500, -1, 500, 500)]
    [InlineData(1000, 5, 0, 0)]
    [InlineData(5000, -1, 0, 0)]
    public async Task A_range_read_returns_exactly_the_bytes_of_the_range(long offset, long length, int expectedStart, int expectedLength)
    {
        await using var stream = await Store.OpenReadAsync("data.bin", new ByteRange(offset, length));
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);

        Assert.Equal(Content.AsSpan(expectedStart, expectedLength).ToArray(), buffer.ToArray());
    }

    [Fact]
    public async Task A_range_stream_reads_byte_by_byte_and_seeks_within_the_range()
    {
        await using var stream = await Store.OpenReadAsync("data.bin", new ByteRange(100, 10));

        Assert.Equal(10, stream.Length);
        Assert.Equal(Content[100], (byte)stream.ReadByte());
        var span = new byte[100];
        Assert.Equal(9, stream.Read(span));
        Assert.Equal(Content.AsSpan(101, 9).ToArray(), span.AsSpan(0, 9).ToArray());
        Assert.Equal(-1, stream.ReadByte());
        Assert.Equal(0, stream.Read(span));

        stream.Position = 8;
        Assert.Equal(2, await stream.ReadAsync(span.AsMemory()));
        Assert.Equal(Content.AsSpan(108, 2).ToArray(), span.AsSpan(0, 2).ToArray());
        stream.Seek(-3, SeekOrigin.End);
        Assert.Equal(Content[107], (byte)stream.ReadByte());
    }

    [Fact]
    public async Task The_whole_object_stream_is_seekable_and_reads_while_the_object_is_replaced()
    {
        await using var stream = await Store.OpenReadAsync("data.bin");
        await Store.WriteAllBytesAsync("data.bin", new byte[3]);

        Assert.Equal(1000, stream.Length);
        stream.Position = 999;
        Assert.Equal(Content[999], (byte)stream.ReadByte());
        Assert.Equal(3, (await Store.StatAsync("data.bin")).Size);
    }

    [Fact]
    public async Task Reading_a_directory_or_a_missing_object_is_not_found()
    {
        await Store.CreateDirectoryAsync("folder");

        await AssertFailsAsync(StorageErrorCode.NotFound, () => Store.OpenReadAsync("folder").AsTask());
        var missing = await AssertFailsAsync(StorageErrorCode.NotFound, () => Store.OpenReadAsync("missing/data.bin").AsTask());
        Assert.Equal("file", missing.Backend);
        Assert.Equal("missing/data.bin", missing.Path);
    }

    [Fact]
    public async Task Listing_reports_sizes_times_and_directories_and_includes_dot_files()
    {
        await WriteTextAsync("sub/.hidden", "abc");
        await Store.CreateDirectoryAsync("empty");

        var root = (await ListAsync()).OrderBy(item => item.Path, StringComparer.Ordinal).ToList();

        Assert.Equal(["data.bin", "empty", "sub"], root.Select(item => item.Path));
        Assert.Equal(1000, root[0].Size);
        Assert.False(root[0].IsDirectory);
        Assert.Equal(new DateTimeOffset(System.IO.File.GetLastWriteTimeUtc(RootDirectory.Combine("data.bin"))), root[0].LastModified);
        Assert.True(root[1].IsDirectory);
        Assert.Equal(-1, root[1].Size);
        var hidden = Assert.Single(await ListAsync("sub"));
        Assert.Equal("sub/.hidden", hidden.Path);
        Assert.Equal(".hidden", hidden.Name);
        Assert.Equal(3, hidden.Size);
    }

    [Fact]
    public async Task Recursive_listing_returns_every_object_and_directory_with_backend_paths()
    {
        await WriteTextAsync("a/b/c/deep.txt", "deep");
        await WriteTextAsync("a/top.txt", "top");

        Assert.Equal(["a", "a/b", "a/b/c", "a/b/c/deep.txt", "a/top.txt", "data.bin"], await ListPathsAsync(recursive: true));
        Assert.Equal(["a/b", "a/b/c", "a/b/c/deep.txt", "a/top.txt"], await ListPathsAsync("a", recursive: true));
        Assert.Equal(4, (await ListAsync("a", recursive: true)).Single(item => item.Path == "a/b/c/deep.txt").Size);
    }

    [Fact]
    public async Task Stray_temporary_files_are_never_listed()
    {
        System.IO.File.WriteAllText(RootDirectory.Combine(FileBackend.TemporaryFilePrefix + "0123-left-over"), "x");
        Directory.CreateDirectory(RootDirectory.Combine("sub"));
        System.IO.File.WriteAllText(RootDirectory.Combine("sub", FileBackend.TemporaryFilePrefix + "4567-other"), "x");

        Assert.Equal(["data.bin", "sub"], await ListPathsAsync());
        Assert.Equal(["data.bin", "sub"], await ListPathsAsync(recursive: true));
    }

    [Fact]
    public async Task Listing_a_missing_directory_is_not_found_and_listing_an_object_is_invalid()
    {
        await AssertFailsAsync(StorageErrorCode.NotFound, () => ListAsync("missing"));
        await AssertFailsAsync(StorageErrorCode.NotFound, () => ListAsync("missing", recursive: true));
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => ListAsync("data.bin"));
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => ListAsync("data.bin", recursive: true));
    }

    [Fact]
    public async Task Cancelling_a_listing_stops_it()
    {
        for (var i = 0; i < 20; i++) System.IO.File.WriteAllText(RootDirectory.Combine($"f{i}"), "x");
        using var cancellation = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in Store.ListAsync("", cancellation.Token))
            {
                if (++seen == 3) cancellation.Cancel();
            }
        });
        Assert.Equal(3, seen);
    }

    [Fact]
    public async Task Deleting_and_removing_follow_the_contract()
    {
        await WriteTextAsync("dir/file.txt", "x");

        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => Store.DeleteAsync("dir").AsTask());
        await Store.DeleteAsync("missing.txt");
        await Store.DeleteAsync("missing/deeper.txt");
        await AssertFailsAsync(StorageErrorCode.Conflict, () => Store.RemoveDirectoryAsync("dir").AsTask());
        await AssertFailsAsync(StorageErrorCode.NotFound, () => Store.RemoveDirectoryAsync("nothing").AsTask());
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => Store.RemoveDirectoryAsync("data.bin").AsTask());

        await Store.DeleteAsync("dir/file.txt");
        await Store.RemoveDirectoryAsync("dir");
        Assert.False(await Store.ExistsAsync("dir"));
    }

    [Fact]
    public async Task A_directory_and_an_object_cannot_take_each_others_place()
    {
        await Store.CreateDirectoryAsync("folder");

        await AssertFailsAsync(StorageErrorCode.Conflict, () => WriteTextAsync("folder", "x").AsTask());
        await AssertFailsAsync(StorageErrorCode.Conflict, () => WriteTextAsync("data.bin/inner.txt", "x").AsTask());
        await AssertFailsAsync(StorageErrorCode.Conflict, () => Store.CreateDirectoryAsync("data.bin").AsTask());
        await AssertFailsAsync(StorageErrorCode.Conflict, () => Store.CreateDirectoryAsync("data.bin/sub").AsTask());
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => Store.CopyAsync("folder", "copy").AsTask());
        Assert.Equal(Content, await Store.ReadAllBytesAsync("data.bin"));
        Assert.Empty(TemporaryFilesOnDisk());
    }

    [Fact]
    public async Task Purging_the_root_empties_it_and_purging_a_directory_removes_it()
    {
        await WriteTextAsync("a/b/c.txt", "x");
        await WriteTextAsync("d/e.txt", "x");

        await Store.PurgeAsync("a");
        Assert.Equal(["d", "d/e.txt", "data.bin"], await ListPathsAsync(recursive: true));

        await Store.PurgeAsync("");
        Assert.Empty(await ListPathsAsync());
        Assert.True(Directory.Exists(RootDirectory.Path));
        await AssertFailsAsync(StorageErrorCode.NotFound, () => Store.PurgeAsync("a").AsTask());
    }

    [NonRootFact]
    public async Task A_read_only_directory_refuses_writes_and_an_unreadable_file_refuses_reads()
    {
        if (OperatingSystem.IsWindows()) return; // NonRootFact skips it there; this line tells the platform analyzer.
        await WriteTextAsync("locked/existing.txt", "x");
        var locked = RootDirectory.Combine("locked");
        System.IO.File.SetUnixFileMode(RootDirectory.Combine("locked", "existing.txt"), UnixFileMode.None);
        System.IO.File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => WriteTextAsync("locked/new.txt", "x").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.ReadAllBytesAsync("locked/existing.txt").AsTask());
        await AssertFailsAsync(StorageErrorCode.PermissionDenied, () => Store.DeleteAsync("locked/existing.txt").AsTask());
        Assert.Equal(["locked/existing.txt"], await ListPathsAsync("locked"));
    }
}
