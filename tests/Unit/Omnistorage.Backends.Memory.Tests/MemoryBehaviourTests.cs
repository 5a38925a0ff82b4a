using System.Text;
using Omnistorage.Backends.Memory;

namespace Omnistorage.Backends.Memory.Tests;

/// <summary>What the memory backend promises beyond the common contract: snapshots, metadata, MD5 checks, conflicts.</summary>
public sealed class MemoryBehaviourTests : IAsyncLifetime
{
    private ObjectStore _store = null!;

    public Task InitializeAsync()
    {
        _store = MemoryBackend.Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task An_open_reader_keeps_its_snapshot_while_the_object_is_overwritten_and_deleted()
    {
        var original = Pattern(1, 3 * 1024 * 1024);
        await _store.WriteAllBytesAsync("snap.bin", original);
        await using var reader = await _store.OpenReadAsync("snap.bin");
        var head = new byte[1000];
        await reader.ReadExactlyAsync(head);

        await _store.WriteAllBytesAsync("snap.bin", Pattern(2, 10));
        var rest = new MemoryStream();
        await reader.CopyToAsync(rest);
        Assert.Equal(original, head.Concat(rest.ToArray()).ToArray());

        await using var second = await _store.OpenReadAsync("snap.bin");
        await _store.DeleteAsync("snap.bin");
        var replacement = new MemoryStream();
        await second.CopyToAsync(replacement);
        Assert.Equal(Pattern(2, 10), replacement.ToArray());
    }

    [Fact]
    public async Task Read_streams_are_seekable_and_report_their_length()
    {
        var content = Pattern(3, 100_000);
        await _store.WriteAllBytesAsync("seek.bin", content);
        await using var ranged = await _store.OpenReadAsync("seek.bin", new ByteRange(1000, 5000));
        Assert.True(ranged.CanSeek);
        Assert.Equal(5000, ranged.Length);
        ranged.Seek(-10, SeekOrigin.End);
        var tail = new byte[20];
        Assert.Equal(10, await ranged.ReadAsync(tail));
        Assert.Equal(content.AsSpan(5990, 10).ToArray(), tail[..10]);
        ranged.Position = 0;
        Assert.Equal(content[1000], (byte)ranged.ReadByte());
    }

    [Fact]
    public async Task Content_type_metadata_and_md5_are_kept_and_copied()
    {
        var content = Encoding.UTF8.GetBytes("{\"a\":1}");
        var metadata = new Dictionary<string, string> { ["Owner"] = "alice", ["purpose"] = "test" };
        await _store.WriteAllBytesAsync("doc.json", content, new WriteOptions { ContentType = "application/json", Metadata = metadata });

        var info = await _store.StatAsync("doc.json");
        Assert.Equal("application/json", info.ContentType);
        Assert.Equal("alice", info.Metadata["owner"]);
        Assert.Equal("test", info.Metadata["PURPOSE"]);
        Assert.Equal(MultiHasher.Compute(content, HashTypes.Md5)[HashType.Md5], info.GetHash(HashType.Md5));

        await _store.CopyAsync("doc.json", "copy.json");
        var copy = await _store.StatAsync("copy.json");
        Assert.Equal("application/json", copy.ContentType);
        Assert.Equal("alice", copy.Metadata["Owner"]);
        Assert.Equal(info.LastModified, copy.LastModified);

        await _store.CopyAsync("doc.json", "relabelled.json", new CopyOptions
        {
            ContentType = "text/plain",
            Metadata = new Dictionary<string, string> { ["owner"] = "bob" },
            PreserveModificationTime = false,
        });
        var relabelled = await _store.StatAsync("relabelled.json");
        Assert.Equal("text/plain", relabelled.ContentType);
        Assert.Equal("bob", Assert.Single(relabelled.Metadata).Value);
        Assert.True(relabelled.LastModified >= info.LastModified);
    }

    [Fact]
    public async Task Metadata_keys_differing_only_in_case_are_refused()
    {
        var metadata = new Dictionary<string, string> { ["key"] = "1", ["KEY"] = "2" };
        var error = await Assert.ThrowsAsync<StorageException>(async () =>
            await _store.WriteAllBytesAsync("meta.txt", new byte[] { 1 }, new WriteOptions { Metadata = metadata }));
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.False(await _store.ExistsAsync("meta.txt"));
    }

    [Fact]
    public async Task A_declared_md5_is_verified_at_commit()
    {
        var content = Pattern(4, 5000);
        var md5 = MultiHasher.Compute(content, HashTypes.Md5)[HashType.Md5];
        await _store.WriteAllBytesAsync("good.bin", content, new WriteOptions { Hashes = new Dictionary<HashType, string> { [HashType.Md5] = md5.ToUpperInvariant() } });
        Assert.Equal(md5, await _store.GetHashAsync("good.bin", HashType.Md5));

        var wrong = new Dictionary<HashType, string> { [HashType.Md5] = new string('0', 32) };
        var error = await Assert.ThrowsAsync<StorageException>(async () =>
            await _store.WriteAllBytesAsync("bad.bin", content, new WriteOptions { Hashes = wrong }));
        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.False(await _store.ExistsAsync("bad.bin"));
    }

    [Fact]
    public async Task Objects_and_directories_cannot_take_each_others_place()
    {
        await _store.WriteAllBytesAsync("file", new byte[] { 1 });
        await _store.CreateDirectoryAsync("folder/inner");

        Assert.Equal(StorageErrorCode.Conflict, (await Assert.ThrowsAsync<StorageException>(async () =>
            await _store.WriteAllBytesAsync("file/child.txt", new byte[] { 2 }))).Code);
        Assert.Equal(StorageErrorCode.Conflict, (await Assert.ThrowsAsync<StorageException>(async () =>
            await _store.CreateDirectoryAsync("file/sub"))).Code);
        Assert.Equal(StorageErrorCode.Conflict, (await Assert.ThrowsAsync<StorageException>(async () =>
            await _store.WriteAllBytesAsync("folder", new byte[] { 3 }))).Code);
        Assert.Equal(StorageErrorCode.Conflict, (await Assert.ThrowsAsync<StorageException>(async () =>
            await _store.CopyAsync("file", "folder"))).Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, (await Assert.ThrowsAsync<StorageException>(async () =>
            await _store.RemoveDirectoryAsync("file"))).Code);
        Assert.Equal(StorageErrorCode.InvalidArgument, (await Assert.ThrowsAsync<StorageException>(async () =>
        {
            await foreach (var _ in _store.ListAsync("file"))
            {
            }
        })).Code);

        Assert.Equal(new byte[] { 1 }, await _store.ReadAllBytesAsync("file"));
        Assert.True((await _store.StatAsync("folder/inner")).IsDirectory);
    }

    [Fact]
    public async Task Overwrite_false_is_checked_again_at_commit()
    {
        await using var late = await _store.OpenWriteAsync("race.txt", new WriteOptions { Overwrite = false });
        await late.WriteAsync(new byte[] { 1 });
        await _store.WriteAllBytesAsync("race.txt", new byte[] { 2 });
        var error = await Assert.ThrowsAsync<StorageException>(async () => await late.CommitAsync());
        Assert.Equal(StorageErrorCode.AlreadyExists, error.Code);
        Assert.Equal(new byte[] { 2 }, await _store.ReadAllBytesAsync("race.txt"));
    }

    [Fact]
    public async Task An_append_overtaken_by_another_writer_is_a_conflict()
    {
        await _store.WriteAllBytesAsync("log.txt", new byte[] { 1 });
        await using var append = await _store.OpenAppendAsync("log.txt");
        await append.WriteAsync(new byte[] { 2 });
        await _store.WriteAllBytesAsync("log.txt", new byte[] { 9, 9 });
        var error = await Assert.ThrowsAsync<StorageException>(async () => await append.CommitAsync());
        Assert.Equal(StorageErrorCode.Conflict, error.Code);
        Assert.Equal(new byte[] { 9, 9 }, await _store.ReadAllBytesAsync("log.txt"));
    }

    [Fact]
    public async Task Server_side_copy_and_move_check_overwrite_atomically()
    {
        // ObjectStore checks Overwrite=false before calling the backend; the backend checks again under its lock, so a
        // destination created in between is not replaced. Calling the backend directly exercises that second check.
        var backend = new MemoryBackend();
        var store = new ObjectStore(backend);
        await store.WriteAllBytesAsync("source.txt", new byte[] { 1 });
        await store.WriteAllBytesAsync("taken.txt", new byte[] { 2 });

        var copyError = await Assert.ThrowsAsync<StorageException>(async () =>
            await backend.CopyAsync("source.txt", "taken.txt", CopyOptions.Default with { Overwrite = false }));
        Assert.Equal(StorageErrorCode.AlreadyExists, copyError.Code);
        var moveError = await Assert.ThrowsAsync<StorageException>(async () => await backend.MoveAsync("source.txt", "taken.txt", overwrite: false));
        Assert.Equal(StorageErrorCode.AlreadyExists, moveError.Code);

        Assert.Equal(new byte[] { 1 }, await store.ReadAllBytesAsync("source.txt"));
        Assert.Equal(new byte[] { 2 }, await store.ReadAllBytesAsync("taken.txt"));
    }

    [Fact]
    public async Task Listings_are_sorted_by_name()
    {
        foreach (var name in new[] { "b.txt", "a/x", "C.txt", "a.txt" }) await _store.WriteAllBytesAsync(name, new byte[] { 1 });
        var names = new List<string>();
        await foreach (var item in _store.ListAsync()) names.Add(item.Name);
        Assert.Equal(["C.txt", "a", "a.txt", "b.txt"], names);
    }

    [Fact]
    public async Task Usage_counts_the_objects_and_bytes_under_the_root()
    {
        await _store.WriteAllBytesAsync("one.bin", new byte[10]);
        await _store.WriteAllBytesAsync("dir/two.bin", new byte[32]);
        await _store.CreateDirectoryAsync("empty");
        var usage = await _store.AboutAsync();
        Assert.Equal(42, usage.Used);
        Assert.Equal(2, usage.Objects);
        Assert.Null(usage.Total);
    }

    [Fact]
    public async Task A_directory_move_onto_an_existing_path_is_refused()
    {
        await _store.WriteAllBytesAsync("src/a.txt", new byte[] { 1 });
        await _store.CreateDirectoryAsync("dst");
        var error = await Assert.ThrowsAsync<StorageException>(async () => await _store.MoveDirectoryAsync("src", "dst"));
        Assert.Equal(StorageErrorCode.AlreadyExists, error.Code);
        Assert.True(await _store.ExistsAsync("src/a.txt"));
    }

    [Fact]
    public async Task Appends_share_the_stored_bytes_and_keep_the_metadata()
    {
        await _store.WriteAllBytesAsync("log.txt", "one\n"u8.ToArray(), new WriteOptions { ContentType = "text/plain" });
        for (var i = 0; i < 3; i++)
        {
            await using var append = await _store.OpenAppendAsync("log.txt");
            await append.WriteAsync(Encoding.UTF8.GetBytes($"line {i}\n"));
            await append.CommitAsync();
        }

        Assert.Equal("one\nline 0\nline 1\nline 2\n", Encoding.UTF8.GetString(await _store.ReadAllBytesAsync("log.txt")));
        Assert.Equal("text/plain", (await _store.StatAsync("log.txt")).ContentType);
        Assert.Equal("one\nline 0\nline 1\nline 2\n"[4..10],
            Encoding.UTF8.GetString(await ReadRangeAsync("log.txt", new ByteRange(4, 6))));
    }

    private async Task<byte[]> ReadRangeAsync(string path, ByteRange range)
    {
        await using var stream = await _store.OpenReadAsync(path, range);
        var collected = new MemoryStream();
        await stream.CopyToAsync(collected);
        return collected.ToArray();
    }

    private static byte[] Pattern(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
