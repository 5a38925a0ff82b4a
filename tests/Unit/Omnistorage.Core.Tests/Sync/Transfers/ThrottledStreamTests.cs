using Omnistorage.Sync;

namespace Omnistorage.Core.Tests.Sync.Transfers;

public sealed class ThrottledStreamTests
{
    private const int KiB = 1024;
    private const int MiB = 1024 * 1024;

    private static readonly DateTimeOffset Noon = new(2024, 1, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AsyncWritesAreThrottledAndArriveIntact()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = BandwidthLimiter.FromSpec("1M", time)!;
        var content = RandomBytes(3 * MiB);
        var destination = new MemoryStream();
        var throttled = limiter.Wrap(destination);

        var write = Task.Run(async () => await throttled.WriteAsync(content));
        await ThrottleDriver.RunAsync(time, TimeSpan.FromSeconds(2), [write]);
        var afterTwoSeconds = destination.Length;
        await ThrottleDriver.RunUntilDoneAsync(time, TimeSpan.FromSeconds(10), [write]);

        Assert.InRange(afterTwoSeconds, (long)(0.9 * 2 * MiB), (long)(1.1 * 2 * MiB));
        Assert.True(time.Elapsed >= TimeSpan.FromSeconds(2.8), $"3 MiB at 1 MiB/s finished after only {time.Elapsed}.");
        Assert.True(write.IsCompletedSuccessfully);
        Assert.Equal(content, destination.ToArray());
    }

    [Fact]
    public async Task AsyncReadsAreThrottledAndArriveIntact()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = BandwidthLimiter.FromSpec("1M", time)!;
        var content = RandomBytes(3 * MiB);
        var destination = new MemoryStream();
        var throttled = limiter.Wrap(new MemoryStream(content));

        var copy = Task.Run(async () => await throttled.CopyToAsync(destination, 1 * MiB));
        await ThrottleDriver.RunAsync(time, TimeSpan.FromSeconds(2), [copy]);
        var afterTwoSeconds = destination.Length;
        await ThrottleDriver.RunUntilDoneAsync(time, TimeSpan.FromSeconds(10), [copy]);

        Assert.InRange(afterTwoSeconds, (long)(0.9 * 2 * MiB), (long)(1.1 * 2 * MiB));
        Assert.True(time.Elapsed >= TimeSpan.FromSeconds(2.8), $"3 MiB at 1 MiB/s finished after only {time.Elapsed}.");
        Assert.True(copy.IsCompletedSuccessfully);
        Assert.Equal(content, destination.ToArray());
    }

    [Fact]
    public async Task SynchronousReadsAndWritesAreThrottledAndArriveIntact()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = BandwidthLimiter.FromSpec("512k", time)!;
        var content = RandomBytes(MiB + 123);
        var destination = new MemoryStream();
        var reader = limiter.Wrap(new MemoryStream(content));
        var writer = limiter.Wrap(destination);

        // Uploads and downloads are separate buckets, so the copy runs at 512 KiB/s, not half of it.
        // The blocking copy gets a thread of its own so that it does not hold a thread-pool thread the timers need.
        var copy = Task.Factory.StartNew(() =>
        {
            var buffer = new byte[300 * KiB];
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0) writer.Write(buffer, 0, read);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await ThrottleDriver.RunUntilDoneAsync(time, TimeSpan.FromSeconds(10), [copy]);

        Assert.True(copy.IsCompletedSuccessfully);
        Assert.InRange(time.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(2.3));
        Assert.Equal(content, destination.ToArray());
    }

    [Fact]
    public void SingleBytesPassThrough()
    {
        var limiter = BandwidthLimiter.FromSpec("1M", new ManualTimeProvider(Noon))!;
        var destination = new MemoryStream();
        var writer = limiter.Wrap(destination);
        var reader = limiter.Wrap(new MemoryStream([7, 8]));

        writer.WriteByte(42);

        Assert.Equal([42], destination.ToArray());
        Assert.Equal(7, reader.ReadByte());
        Assert.Equal(8, reader.ReadByte());
        Assert.Equal(-1, reader.ReadByte());
    }

    [Fact]
    public void AnUnlimitedDirectionPassesWithoutWaiting()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = BandwidthLimiter.FromSpec("off:1k", time)!;
        var destination = new MemoryStream();
        var content = RandomBytes(8 * MiB);

        limiter.Wrap(destination).Write(content);

        Assert.Equal(content, destination.ToArray());
        Assert.Equal(0, time.PendingTimers);
    }

    [Fact]
    public async Task CancellingAThrottledWriteThrowsOperationCanceled()
    {
        var time = new ManualTimeProvider(Noon);
        var limiter = BandwidthLimiter.FromSpec("64k", time)!;
        var destination = new MemoryStream();
        using var cancel = new CancellationTokenSource();

        var write = limiter.Wrap(destination).WriteAsync(RandomBytes(MiB), cancel.Token).AsTask();
        Assert.False(write.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        Assert.True(destination.Length < 64 * KiB, $"{destination.Length} bytes were written before the cancellation.");
    }

    [Fact]
    public async Task EverythingElsePassesThroughAndDisposeDisposesTheInnerStream()
    {
        var limiter = BandwidthLimiter.FromSpec("1M", new ManualTimeProvider(Noon))!;
        var inner = new MemoryStream(RandomBytes(1000));
        var throttled = limiter.Wrap(inner);

        Assert.True(throttled.CanRead && throttled.CanWrite && throttled.CanSeek);
        Assert.Equal(1000, throttled.Length);
        Assert.Equal(600, throttled.Seek(600, SeekOrigin.Begin));
        Assert.Equal(600, inner.Position);
        throttled.Position = 10;
        Assert.Equal(10, inner.Position);
        throttled.SetLength(500);
        Assert.Equal(500, inner.Length);
        await throttled.FlushAsync();

        await throttled.DisposeAsync();
        Assert.False(inner.CanRead);

        var second = new MemoryStream();
        limiter.Wrap(second).Dispose();
        Assert.False(second.CanWrite);
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
