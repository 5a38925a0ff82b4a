namespace Omnistorage.Backends.Channel.Tests;

/// <summary>Backpressure, named channels shared through the registry, and the operations a write-only sink refuses.</summary>
public sealed class ChannelFlowTests
{
    private static readonly ObjectStoreOptions NoRetry = new() { Retry = RetryPolicy.None };

    [Fact]
    public async Task A_full_channel_makes_the_next_commit_wait_until_the_consumer_reads()
    {
        var backend = new ChannelBackend(new ChannelBackendOptions { Capacity = 1 });
        await using var store = new ObjectStore(backend, NoRetry);
        await store.WriteAllBytesAsync("first", new byte[] { 1 });

        await using var second = await store.OpenWriteAsync("second");
        await second.WriteAsync(new byte[] { 2 });
        var commit = second.CommitAsync().AsTask();

        // The channel holds its one item, so the commit cannot have finished: it is waiting for space.
        Assert.False(commit.IsCompleted, "The second commit should wait while the channel is full.");
        Assert.Equal(1, backend.Reader.Count);

        Assert.True(backend.Reader.TryRead(out var first));
        Assert.Equal("first", first.Path);
        await commit;
        Assert.True(second.IsCommitted);
        Assert.Equal("second", (await backend.Reader.ReadAsync()).Path);
    }

    [Fact]
    public async Task A_commit_waiting_for_space_can_be_cancelled_and_publishes_nothing()
    {
        var backend = new ChannelBackend(new ChannelBackendOptions { Capacity = 1 });
        await using var store = new ObjectStore(backend, NoRetry);
        await store.WriteAllBytesAsync("first", new byte[] { 1 });
        using var cancellation = new CancellationTokenSource();

        await using (var second = await store.OpenWriteAsync("second"))
        {
            await second.WriteAsync(new byte[] { 2 });
            var commit = second.CommitAsync(cancellation.Token).AsTask();
            Assert.False(commit.IsCompleted);
            cancellation.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => commit);
            Assert.False(second.IsCommitted);
        }

        Assert.True(backend.Reader.TryRead(out var only));
        Assert.Equal("first", only.Path);
        Assert.False(backend.Reader.TryRead(out _), "The cancelled commit must not have published anything.");
    }

    [Fact]
    public async Task Named_channels_connect_backends_opened_through_the_registry_to_one_consumer()
    {
        var name = $"channel-test-{Guid.NewGuid():N}";
        var reader = ChannelBackend.GetNamedReader(name);
        var consumed = Task.Run(async () =>
        {
            var paths = new List<string>();
            await foreach (var item in reader.ReadAllAsync()) paths.Add(item.Path);
            return paths;
        });

        var producerA = await Omni.Open($"channel://{name}");
        var producerB = await Omni.Open($"channel://{name}");
        Assert.Equal("channel", producerA.Name);
        Assert.Equal(name, Assert.IsType<ChannelBackend>(producerA.Backend).ChannelName);
        Assert.True(producerA.Features.IsWriteOnly);

        await producerA.WriteAllBytesAsync("from-a", new byte[] { 1 });
        await producerB.WriteAllBytesAsync("from-b", new byte[] { 2 });

        // The channel stays open while any producer on the name is open, and completes with the last one.
        await producerA.DisposeAsync();
        await producerB.WriteAllBytesAsync("from-b-again", new byte[] { 3 });
        Assert.False(consumed.IsCompleted);
        await producerB.DisposeAsync();

        Assert.Equal(["from-a", "from-b", "from-b-again"], await consumed);
    }

    [Fact]
    public async Task A_named_channel_can_be_completed_explicitly()
    {
        var name = $"channel-test-{Guid.NewGuid():N}";
        await using var producer = await Omni.Open($"channel://{name}", new Dictionary<string, object?> { ["capacity"] = "0" });
        await producer.WriteAllBytesAsync("before", new byte[] { 1 });

        Assert.True(ChannelBackend.CompleteNamed(name));
        Assert.False(ChannelBackend.CompleteNamed(name));

        var error = await Assert.ThrowsAsync<StorageException>(async () => await producer.WriteAllBytesAsync("after", new byte[] { 2 }));
        Assert.Equal(StorageErrorCode.Unavailable, error.Code);
        var paths = new List<string>();
        await foreach (var item in ChannelBackend.GetNamedReader(name, capacity: 0).ReadAllAsync()) paths.Add(item.Path);
        Assert.Equal(["before"], paths);
    }

    [Fact]
    public async Task Users_of_one_named_channel_must_agree_on_its_capacity()
    {
        var name = $"channel-test-{Guid.NewGuid():N}";
        await using var producer = new ChannelBackend(new ChannelBackendOptions { Name = name, Capacity = 4 });
        var error = Assert.Throws<StorageException>(() => new ChannelBackend(new ChannelBackendOptions { Name = name, Capacity = 8 }));
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("capacity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_listing_and_deleting_are_refused_with_an_explanation()
    {
        var backend = new ChannelBackend();
        await using var store = new ObjectStore(backend, NoRetry);
        await store.WriteAllBytesAsync("kept-nowhere.txt", new byte[] { 1 });

        var listing = await Assert.ThrowsAsync<StorageException>(async () => await store.ListAsync().GetAsyncEnumerator().MoveNextAsync());
        Assert.Equal(StorageErrorCode.Unsupported, listing.Code);
        Assert.Contains("write-only", listing.Message, StringComparison.Ordinal);

        var reading = await Assert.ThrowsAsync<StorageException>(async () => await store.OpenReadAsync("kept-nowhere.txt"));
        Assert.Equal(StorageErrorCode.Unsupported, reading.Code);

        var stat = await Assert.ThrowsAsync<StorageException>(async () => await store.StatAsync("kept-nowhere.txt"));
        Assert.Equal(StorageErrorCode.Unsupported, stat.Code);
        Assert.Contains("write-only", stat.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ChannelBackend.Reader), stat.Message, StringComparison.Ordinal);

        var direct = Assert.Throws<StorageException>(() => backend.ListAsync(""));
        Assert.Contains("not kept", direct.Message, StringComparison.Ordinal);

        var delete = await Assert.ThrowsAsync<StorageException>(async () => await store.DeleteAsync("kept-nowhere.txt"));
        Assert.Equal(StorageErrorCode.Unsupported, delete.Code);
        var removeDirectory = await Assert.ThrowsAsync<StorageException>(async () => await store.RemoveDirectoryAsync("dir"));
        Assert.Equal(StorageErrorCode.Unsupported, removeDirectory.Code);

        await store.CreateDirectoryAsync("dir");
        Assert.False(await store.ExistsAsync("kept-nowhere.txt"));
        Assert.False(await store.ExistsAsync("dir"));
        Assert.True(await store.ExistsAsync(""));
    }

    [Fact]
    public async Task Registry_options_are_validated()
    {
        var withPath = await Assert.ThrowsAnyAsync<StorageException>(async () => await Omni.Open("channel://name/path"));
        Assert.Equal(StorageErrorCode.InvalidArgument, withPath.Code);

        var negative = await Assert.ThrowsAnyAsync<StorageException>(async () =>
            await Omni.Open("channel", new Dictionary<string, object?> { ["capacity"] = "-1" }));
        Assert.Equal(StorageErrorCode.InvalidArgument, negative.Code);

        await using var store = await Omni.Open("channel", new Dictionary<string, object?> { ["capacity"] = "3", ["mode"] = "RECORDS" });
        var backend = Assert.IsType<ChannelBackend>(store.Backend);
        Assert.Equal((3, ChannelMode.Records, (string?)null), (backend.Capacity, backend.Mode, backend.ChannelName));
    }
}
