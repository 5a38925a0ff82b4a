using Omnistorage.Backends.Memory;
using Omnistorage.Core.Tests.TestDoubles;
using Omnistorage.Records;
using static Omnistorage.Core.Tests.Records.RecordTestSupport;

namespace Omnistorage.Core.Tests.Records;

public sealed class ObjectStoreRecordTests
{
    private static readonly string[] Paths = ["logs/events.ndjson", "logs/events.ndjson.gz", "logs/events.jsonl.zst", "frames/batch.rec", "frames/batch.lp.gz", "frames/batch.bin.zst"];

    public static TheoryData<string> PathData => [.. Paths];

    [Theory]
    [MemberData(nameof(PathData))]
    public async Task Records_become_visible_only_when_the_writer_completes(string path)
    {
        await using var store = MemoryBackend.Create();
        var expected = JsonRecords(1000);

        await using (var writer = await store.OpenRecordWriterAsync(path))
        {
            foreach (var record in expected) await writer.WriteAsync(record);
            await writer.FlushAsync();
            Assert.False(await store.ExistsAsync(path));

            var info = await writer.CompleteAsync();

            Assert.Equal(path, info.Path);
            Assert.Same(info, writer.Result);
            Assert.Equal(1000, writer.RecordsWritten);
            Assert.Equal((await store.StatAsync(path)).Size, info.Size);
        }

        Assert.Equal(expected, await ReadObjectAsync(store, path));
    }

    [Theory]
    [MemberData(nameof(PathData))]
    public async Task Disposing_without_completing_leaves_nothing_and_keeps_an_older_object(string path)
    {
        await using var store = MemoryBackend.Create();

        await using (var writer = await store.OpenRecordWriterAsync(path))
        {
            await writer.WriteAsync(Utf8("{\"lost\":true}"));
        }

        Assert.False(await store.ExistsAsync(path));

        await using (var writer = await store.OpenRecordWriterAsync(path))
        {
            await writer.WriteAsync(Utf8("{\"kept\":true}"));
            await writer.CompleteAsync();
        }

        await using (var writer = await store.OpenRecordWriterAsync(path))
        {
            foreach (var record in JsonRecords(5000)) await writer.WriteAsync(record);
        }

        Assert.Equal(["{\"kept\":true}"], (await ReadObjectAsync(store, path)).Select(Text));
    }

    [Fact]
    public async Task The_path_decides_the_stored_format_and_content_type()
    {
        await using var store = MemoryBackend.Create();
        await using (var writer = await store.OpenRecordWriterAsync("a/events.ndjson.gz"))
        {
            await writer.WriteAsync(Utf8("{\"a\":1}"));
            await writer.CompleteAsync();
        }

        var stored = await store.ReadAllBytesAsync("a/events.ndjson.gz");
        Assert.Equal([0x1F, 0x8B], stored[..2]);
        Assert.Equal("{\"a\":1}\n", Text(await ReadAllGzipAsync(stored)));
        Assert.Equal("application/gzip", (await store.StatAsync("a/events.ndjson.gz")).ContentType);

        await using (var writer = await store.OpenRecordWriterAsync("plain.ndjson", writeOptions: new WriteOptions { ContentType = "text/plain" }))
        {
            await writer.WriteAsync(Utf8("1"));
            await writer.CompleteAsync();
        }

        Assert.Equal("text/plain", (await store.StatAsync("plain.ndjson")).ContentType);
    }

    [Fact]
    public async Task Explicit_options_override_the_extension()
    {
        await using var store = MemoryBackend.Create();
        var options = new RecordStreamOptions { Format = RecordFormat.LengthPrefixed, Compression = RecordCompression.Zstd };

        await using (var writer = await store.OpenRecordWriterAsync("odd-name.txt", options))
        {
            await writer.WriteAsync(Utf8("x"));
            await writer.CompleteAsync();
        }

        Assert.Equal([0x28, 0xB5, 0x2F, 0xFD], (await store.ReadAllBytesAsync("odd-name.txt"))[..4]);
        await using var reader = await store.OpenRecordReaderAsync("odd-name.txt", options);
        Assert.True(await reader.ReadAsync());
        Assert.Equal("x", Text(reader.Current.ToArray()));
    }

    [Theory]
    [MemberData(nameof(PathData))]
    public async Task Appending_adds_records_after_the_existing_ones(string path)
    {
        await using var store = MemoryBackend.Create();
        var first = JsonRecords(300, seed: 1);
        var second = JsonRecords(200, seed: 2);

        await using (var appender = await store.OpenRecordAppenderAsync(path))
        {
            foreach (var record in first) await appender.WriteAsync(record);
            await appender.CompleteAsync();
        }

        await using (var appender = await store.OpenRecordAppenderAsync(path))
        {
            foreach (var record in second) await appender.WriteAsync(record);
            await appender.CompleteAsync();
        }

        await using (var abandoned = await store.OpenRecordAppenderAsync(path))
        {
            await abandoned.WriteAsync(Utf8("{\"never\":1}"));
        }

        Assert.Equal([.. first, .. second], await ReadObjectAsync(store, path));
    }

    [Fact]
    public async Task Appending_needs_a_backend_that_can_append()
    {
        await using var store = new ObjectStore(new ScriptedBackend());
        Assert.False(store.Features.CanAppend);

        var error = await Assert.ThrowsAsync<StorageException>(() => store.OpenRecordAppenderAsync("x.ndjson").AsTask());

        Assert.Equal(StorageErrorCode.Unsupported, error.Code);
        Assert.Equal("x.ndjson", error.Path);
    }

    [Fact]
    public async Task An_invalid_record_is_refused_and_the_write_goes_on()
    {
        await using var store = MemoryBackend.Create();
        await using (var writer = await store.OpenRecordWriterAsync("x.ndjson", new RecordStreamOptions { ValidateJson = true }))
        {
            await writer.WriteAsync(Utf8("{\"a\":1}"));
            var error = await Assert.ThrowsAsync<StorageException>(() => writer.WriteAsync(Utf8("{nope")).AsTask());
            Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
            Assert.Equal("memory", error.Backend);
            Assert.Equal("x.ndjson", error.Path);
            await writer.WriteAsync(Utf8("{\"b\":2}"));
            await writer.CompleteAsync();

            await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(Utf8("{}")).AsTask());
        }

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], (await ReadObjectAsync(store, "x.ndjson")).Select(Text));
    }

    [Fact]
    public async Task A_failed_commit_is_a_storage_error_and_leaves_nothing()
    {
        var backend = new ScriptedBackend { CommitFailure = new IOException("disk went away") };
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = RetryPolicy.None });
        await using var writer = await store.OpenRecordWriterAsync("x.ndjson.gz");
        await writer.WriteAsync(Utf8("{\"a\":1}"));

        var error = await Assert.ThrowsAsync<StorageException>(() => writer.CompleteAsync().AsTask());

        Assert.Equal("scripted", error.Backend);
        Assert.Equal("x.ndjson.gz", error.Path);
        Assert.IsType<IOException>(error.InnerException);
        Assert.Empty(backend.Objects);
        Assert.Null(writer.Result);
    }

    [Fact]
    public async Task Reading_a_missing_object_is_not_found()
    {
        await using var store = MemoryBackend.Create();

        var error = await Assert.ThrowsAsync<StorageException>(() => store.OpenRecordReaderAsync("missing.ndjson").AsTask());

        Assert.Equal(StorageErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task A_damaged_object_is_an_integrity_error_naming_the_backend_and_path()
    {
        await using var store = MemoryBackend.Create();
        var data = Gzip(Utf8(string.Join("\n", JsonRecords(100).Select(Text))));
        await store.WriteAllBytesAsync("cut.ndjson.gz", data[..(data.Length / 2)]);

        await using var reader = await store.OpenRecordReaderAsync("cut.ndjson.gz");
        var error = await Assert.ThrowsAsync<StorageException>(async () =>
        {
            while (await reader.ReadAsync())
            {
            }
        });

        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.Equal("memory", error.Backend);
        Assert.Equal("cut.ndjson.gz", error.Path);
    }

    [Fact]
    public async Task Disposing_the_reader_closes_the_object_stream()
    {
        var stream = new MemoryStream(Utf8("1\n2\n"));
        await using var store = new ObjectStore(new StreamServingBackend(stream));

        await using (var reader = await store.OpenRecordReaderAsync("x.ndjson"))
        {
            Assert.True(await reader.ReadAsync());
        }

        Assert.False(stream.CanRead);
    }

    private static async Task<List<byte[]>> ReadObjectAsync(ObjectStore store, string path)
    {
        var records = new List<byte[]>();
        await using var reader = await store.OpenRecordReaderAsync(path);
        while (await reader.ReadAsync()) records.Add(reader.Current.ToArray());
        return records;
    }

    private static async Task<byte[]> ReadAllGzipAsync(byte[] data)
    {
        await using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(data), System.IO.Compression.CompressionMode.Decompress);
        var output = new MemoryStream();
        await gzip.CopyToAsync(output);
        return output.ToArray();
    }

    /// <summary>Serves one given stream for every read, so a test can watch what happens to it.</summary>
    private sealed class StreamServingBackend(Stream stream) : ScriptedBackend, IStorageBackend
    {
        ValueTask<Stream> IStorageBackend.OpenReadAsync(string path, ByteRange range, CancellationToken cancellationToken) =>
            ValueTask.FromResult(stream);
    }
}
