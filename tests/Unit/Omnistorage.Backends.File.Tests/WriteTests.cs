using System.Text;

namespace Omnistorage.Backends.File.Tests;

/// <summary>Atomic writes through temporary files, appends, overwrite rules and modification times.</summary>
public sealed class WriteTests : FileBackendTestBase
{
    private static readonly DateTimeOffset SomeTime = new DateTimeOffset(2021, 6, 7, 8, 9, 10, TimeSpan.Zero).AddTicks(1234567);

    [Fact]
    public async Task Nothing_is_visible_until_commit_and_the_temporary_file_is_hidden_meanwhile()
    {
        await using var writer = await Store.OpenWriteAsync("dir/object.bin");
        await writer.WriteAsync(new byte[1000]);

        Assert.False(System.IO.File.Exists(RootDirectory.Combine("dir", "object.bin")));
        Assert.Single(TemporaryFilesOnDisk());
        Assert.Empty(await ListPathsAsync("dir"));
        Assert.Equal(["dir"], await ListPathsAsync(recursive: true));

        var info = await writer.CommitAsync();

        Assert.Equal(1000, info.Size);
        Assert.Equal(1000, new FileInfo(RootDirectory.Combine("dir", "object.bin")).Length);
        Assert.Empty(TemporaryFilesOnDisk());
    }

    [Fact]
    public async Task A_cancelled_write_leaves_no_object_and_no_temporary_file()
    {
        await WriteTextAsync("object.txt", "old");
        using var cancellation = new CancellationTokenSource();
        var writer = await Store.OpenWriteAsync("object.txt", cancellationToken: cancellation.Token);
        var newWriter = await Store.OpenWriteAsync("new/object.txt", cancellationToken: cancellation.Token);
        await writer.WriteAsync(Encoding.UTF8.GetBytes("new content"));
        await newWriter.WriteAsync(new byte[10]);

        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteAsync(new byte[10]).AsTask());
        await writer.DisposeAsync();
        await newWriter.DisposeAsync();

        Assert.Equal("old", await ReadTextAsync("object.txt"));
        Assert.False(await Store.ExistsAsync("new/object.txt"));
        Assert.Empty(TemporaryFilesOnDisk());
    }

    [Fact]
    public async Task Disposing_without_commit_discards_the_write()
    {
        await using (var writer = await Store.OpenWriteAsync("discarded.bin"))
        {
            writer.Write(new byte[100], 0, 100);
        }

        Assert.False(await Store.ExistsAsync("discarded.bin"));
        Assert.Empty(TemporaryFilesOnDisk());
    }

    [Fact]
    public async Task A_size_mismatch_fails_the_commit_and_leaves_nothing()
    {
        await using var writer = await Store.OpenWriteAsync("sized.bin", new WriteOptions { Size = 10 });
        await writer.WriteAsync(new byte[5]);

        var exception = await AssertFailsAsync(StorageErrorCode.Integrity, () => writer.CommitAsync().AsTask());

        Assert.Equal("sized.bin", exception.Path);
        Assert.False(await Store.ExistsAsync("sized.bin"));
        Assert.Empty(TemporaryFilesOnDisk());
    }

    [Fact]
    public async Task A_declared_size_that_cannot_fit_fails_at_open_with_quota_exceeded()
    {
        // One pebibyte is beyond both the free space and the largest file of the common local file systems.
        await AssertFailsAsync(StorageErrorCode.QuotaExceeded, () => Store.OpenWriteAsync("huge.bin", new WriteOptions { Size = 1L << 50 }).AsTask());

        Assert.Empty(Directory.GetFileSystemEntries(RootDirectory.Path));
    }

    [Fact]
    public async Task Small_synchronous_and_large_asynchronous_writes_arrive_in_order()
    {
        var expected = new MemoryStream();
        await using (var writer = await Store.OpenWriteAsync("mixed.bin"))
        {
            var large = new byte[200_000];
            new Random(7).NextBytes(large);
            for (var i = 0; i < 3000; i++)
            {
                writer.WriteByte((byte)i);
                expected.WriteByte((byte)i);
            }

            await writer.WriteAsync(large);
            expected.Write(large);
            writer.Write(large.AsSpan(0, 70_000));
            expected.Write(large.AsSpan(0, 70_000));
            await writer.WriteAsync(large.AsMemory(5, 17));
            expected.Write(large.AsSpan(5, 17));
            await writer.CommitAsync();
        }

        Assert.Equal(expected.ToArray(), await Store.ReadAllBytesAsync("mixed.bin"));
    }

    [Fact]
    public async Task Overwrite_false_refuses_an_existing_object_and_keeps_its_content()
    {
        await WriteTextAsync("object.txt", "first");

        await AssertFailsAsync(StorageErrorCode.AlreadyExists, () => WriteTextAsync("object.txt", "second", new WriteOptions { Overwrite = false }).AsTask());

        Assert.Equal("first", await ReadTextAsync("object.txt"));
        Assert.Empty(TemporaryFilesOnDisk());
        await WriteTextAsync("fresh.txt", "new", new WriteOptions { Overwrite = false });
        Assert.Equal("new", await ReadTextAsync("fresh.txt"));
    }

    [Fact]
    public async Task The_modification_time_is_set_on_write_and_kept_by_copy_and_move()
    {
        var written = await WriteTextAsync("original.txt", "content", new WriteOptions { LastModified = SomeTime });

        Assert.Equal(SomeTime, written.LastModified);
        Assert.Equal(SomeTime.UtcDateTime, System.IO.File.GetLastWriteTimeUtc(RootDirectory.Combine("original.txt")));
        Assert.Equal(SomeTime, (await Store.StatAsync("original.txt")).LastModified);

        var copied = await Store.CopyAsync("original.txt", "copies/copy.txt");
        Assert.Equal(SomeTime, copied.LastModified);
        Assert.Equal(SomeTime, (await Store.StatAsync("copies/copy.txt")).LastModified);

        var moved = await Store.MoveAsync("copies/copy.txt", "moved/final.txt");
        Assert.Equal(SomeTime, moved.LastModified);
        Assert.Equal(SomeTime, Assert.Single(await ListAsync("moved")).LastModified);
        Assert.False(await Store.ExistsAsync("copies/copy.txt"));

        var fresh = await Store.CopyAsync("original.txt", "fresh.txt", new CopyOptions { PreserveModificationTime = false });
        Assert.True(fresh.LastModified > SomeTime.AddYears(1));
    }

    [Fact]
    public async Task Set_modification_time_changes_only_the_time()
    {
        await WriteTextAsync("object.txt", "content");

        await Store.SetModificationTimeAsync("object.txt", SomeTime);

        Assert.Equal(SomeTime, (await Store.StatAsync("object.txt")).LastModified);
        Assert.Equal("content", await ReadTextAsync("object.txt"));
        await AssertFailsAsync(StorageErrorCode.NotFound, () => Store.SetModificationTimeAsync("missing.txt", SomeTime).AsTask());
    }

    [Fact]
    public async Task Append_adds_to_the_end_and_a_cancelled_append_keeps_the_old_content()
    {
        await WriteTextAsync("log.txt", "one\n");

        await using (var append = await Store.OpenAppendAsync("log.txt"))
        {
            await append.WriteAsync(Encoding.UTF8.GetBytes("two\n"));
            Assert.Equal("one\n", await ReadTextAsync("log.txt"));
            var info = await append.CommitAsync();
            Assert.Equal(8, info.Size);
        }

        using var cancellation = new CancellationTokenSource();
        await using (var append = await Store.OpenAppendAsync("log.txt", cancellationToken: cancellation.Token))
        {
            await append.WriteAsync(Encoding.UTF8.GetBytes("three\n"));
            cancellation.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => append.CommitAsync().AsTask());
        }

        Assert.Equal("one\ntwo\n", await ReadTextAsync("log.txt"));
        Assert.Empty(TemporaryFilesOnDisk());
    }

    [Fact]
    public async Task Append_creates_a_missing_object_and_its_directories()
    {
        await using (var append = await Store.OpenAppendAsync("new/dir/log.txt"))
        {
            await append.WriteAsync(Encoding.UTF8.GetBytes("first"));
            await append.CommitAsync();
        }

        Assert.Equal("first", await ReadTextAsync("new/dir/log.txt"));
    }

    [Fact]
    public async Task Long_names_get_a_shortened_temporary_name_and_over_long_names_are_invalid()
    {
        var longName = new string('é', 127); // 254 bytes of UTF-8, one byte under the limit.
        await WriteTextAsync(longName, "long");
        Assert.Equal("long", await ReadTextAsync(longName));
        Assert.Equal([longName], await ListPathsAsync());

        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => WriteTextAsync(new string('é', 128), "too long").AsTask());
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, () => Store.CreateDirectoryAsync(new string('x', 300)).AsTask());
    }

    [Fact]
    public async Task A_name_of_four_byte_characters_at_the_limit_can_be_written()
    {
        // 63 emoji are 252 bytes of UTF-8: the temporary name must be cut to fit without splitting one.
        var name = string.Concat(Enumerable.Repeat("😀", 63));

        await WriteTextAsync(name, "smile");

        Assert.Equal([name], await ListPathsAsync());
        Assert.Equal("smile", await ReadTextAsync(name));
        Assert.Empty(TemporaryFilesOnDisk());
    }

    [Fact]
    public async Task Copy_without_overwrite_refuses_an_existing_destination()
    {
        await WriteTextAsync("a.txt", "a");
        await WriteTextAsync("b.txt", "b");

        await AssertFailsAsync(StorageErrorCode.AlreadyExists, () => Store.CopyAsync("a.txt", "b.txt", new CopyOptions { Overwrite = false }).AsTask());
        await AssertFailsAsync(StorageErrorCode.AlreadyExists, () => Backend.CopyAsync("a.txt", "b.txt", new CopyOptions { Overwrite = false }).AsTask());
        await AssertFailsAsync(StorageErrorCode.AlreadyExists, () => Backend.MoveAsync("a.txt", "b.txt", overwrite: false).AsTask());

        Assert.Equal("b", await ReadTextAsync("b.txt"));
        Assert.Equal("a", await ReadTextAsync("a.txt"));
        Assert.Empty(TemporaryFilesOnDisk());
    }

    [Fact]
    public async Task Moving_a_directory_renames_it_with_its_content()
    {
        await WriteTextAsync("from/deep/file.txt", "x");

        await Store.MoveDirectoryAsync("from", "to/inner");

        Assert.Equal(["to", "to/inner", "to/inner/deep", "to/inner/deep/file.txt"], await ListPathsAsync(recursive: true));
        await Store.CreateDirectoryAsync("other");
        await AssertFailsAsync(StorageErrorCode.AlreadyExists, () => Store.MoveDirectoryAsync("to", "other").AsTask());
        await AssertFailsAsync(StorageErrorCode.NotFound, () => Store.MoveDirectoryAsync("missing", "elsewhere").AsTask());
    }
}
