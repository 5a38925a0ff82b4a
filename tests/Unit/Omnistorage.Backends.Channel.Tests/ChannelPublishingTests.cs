using System.Text;

namespace Omnistorage.Backends.Channel.Tests;

/// <summary>What reaches the consumer, and when: only committed objects, with their content and properties.</summary>
public sealed class ChannelPublishingTests
{
    private static readonly ObjectStoreOptions NoRetry = new() { Retry = RetryPolicy.None };

    [Fact]
    public async Task An_object_is_published_on_commit_and_not_before()
    {
        var backend = new ChannelBackend();
        await using var store = new ObjectStore(backend, NoRetry);
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("pipeline payload ", 2000)));
        var written = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var options = new WriteOptions
        {
            ContentType = "text/plain",
            Metadata = new Dictionary<string, string> { ["batch"] = "42" },
            LastModified = written,
        };

        await using (var writer = await store.OpenWriteAsync("out/batch-42.txt", options))
        {
            await writer.WriteAsync(content.AsMemory(0, 1000));
            writer.Write(content, 1000, content.Length - 1000);
            Assert.False(backend.Reader.TryRead(out _), "Nothing may be published before commit.");
            var committed = await writer.CommitAsync();
            Assert.Equal(content.Length, committed.Size);
        }

        Assert.True(backend.Reader.TryRead(out var item));
        Assert.Equal("out/batch-42.txt", item.Path);
        Assert.Equal(content, item.Data.ToArray());
        Assert.Equal(content.Length, item.Size);
        Assert.Equal("text/plain", item.ContentType);
        Assert.Equal("42", item.Metadata["batch"]);
        Assert.Equal(written, item.LastModified);
        Assert.Null(item.RecordIndex);
        using var stream = item.OpenRead();
        Assert.False(stream.CanWrite);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.False(backend.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Empty_objects_are_published_too()
    {
        var backend = new ChannelBackend();
        await using var store = new ObjectStore(backend, NoRetry);
        await store.WriteAllBytesAsync("empty", ReadOnlyMemory<byte>.Empty);
        Assert.True(backend.Reader.TryRead(out var item));
        Assert.Equal(0, item.Size);
    }

    [Fact]
    public async Task Aborted_cancelled_and_failed_writes_publish_nothing()
    {
        var backend = new ChannelBackend(new ChannelBackendOptions { Capacity = 0 });
        var store = new ObjectStore(backend, NoRetry);

        await using (var abandoned = await store.OpenWriteAsync("abandoned.bin"))
        {
            await abandoned.WriteAsync(new byte[100]);
        }

        await using (var aborted = await store.OpenWriteAsync("aborted.bin"))
        {
            await aborted.WriteAsync(new byte[100]);
            await aborted.AbortAsync();
        }

        using (var cancellation = new CancellationTokenSource())
        {
            await using var cancelled = await store.OpenWriteAsync("cancelled.bin", cancellationToken: cancellation.Token);
            await cancelled.WriteAsync(new byte[100]);
            cancellation.Cancel();
            await Assert.ThrowsAnyAsync<Exception>(async () => await cancelled.CommitAsync());
        }

        await using (var tooShort = await store.OpenWriteAsync("short.bin", new WriteOptions { Size = 10 }))
        {
            await tooShort.WriteAsync(new byte[9]);
            var error = await Assert.ThrowsAsync<StorageException>(async () => await tooShort.CommitAsync());
            Assert.Equal(StorageErrorCode.Integrity, error.Code);
        }

        var wrongHash = new WriteOptions { Hashes = new Dictionary<HashType, string> { [HashType.Sha256] = new string('0', 64) } };
        var hashError = await Assert.ThrowsAsync<StorageException>(async () => await store.WriteAllBytesAsync("hashed.bin", new byte[] { 1, 2, 3 }, wrongHash));
        Assert.Equal(StorageErrorCode.Integrity, hashError.Code);

        await Assert.ThrowsAsync<IOException>(async () => await store.WriteAsync("faulted.bin", new FailingSource(bytesBeforeFailure: 5000)));

        await store.DisposeAsync();
        var published = new List<ChannelObject>();
        await foreach (var item in backend.Reader.ReadAllAsync()) published.Add(item);
        Assert.Empty(published);
    }

    [Fact]
    public async Task A_matching_declared_hash_is_accepted()
    {
        var backend = new ChannelBackend();
        await using var store = new ObjectStore(backend, NoRetry);
        var content = new byte[] { 1, 2, 3 };
        var hashes = MultiHasher.Compute(content, HashTypes.Md5 | HashTypes.Crc32C);
        await store.WriteAllBytesAsync("ok.bin", content, new WriteOptions { Hashes = hashes });
        Assert.True(backend.Reader.TryRead(out var item));
        Assert.Equal(content, item.Data.ToArray());
    }

    [Fact]
    public async Task Disposing_the_backend_ends_the_consumers_reading_after_what_is_queued()
    {
        var backend = new ChannelBackend();
        var store = new ObjectStore(backend, NoRetry);
        await store.WriteAllBytesAsync("a", new byte[] { 1 });
        await store.WriteAllBytesAsync("b", new byte[] { 2 });
        await store.DisposeAsync();

        var paths = new List<string>();
        await foreach (var item in backend.Reader.ReadAllAsync()) paths.Add(item.Path);
        Assert.Equal(["a", "b"], paths);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await backend.OpenWriteAsync("late", WriteOptions.Default));
        Assert.Equal(StorageErrorCode.Unavailable, error.Code);
        Assert.False(error.IsRetryable);
    }

    /// <summary>A source stream that produces zeros and then fails, as a broken upstream would.</summary>
    private sealed class FailingSource(int bytesBeforeFailure) : Stream
    {
        private int _produced;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _produced; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_produced >= bytesBeforeFailure) throw new IOException("The source broke.");
            var take = Math.Min(count, Math.Min(1000, bytesBeforeFailure - _produced));
            Array.Clear(buffer, offset, take);
            _produced += take;
            return take;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
