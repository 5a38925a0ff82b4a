using Omnistorage.Core.Tests.TestDoubles;

namespace Omnistorage.Core.Tests;

public sealed class ObjectStoreRetryTests
{
    private static readonly RetryPolicy FastRetry = new() { MaxAttempts = 4, InitialDelay = TimeSpan.FromMilliseconds(1) };

    private static StorageException Unavailable() => new(StorageErrorCode.Unavailable, "Service unavailable.");

    [Fact]
    public async Task A_request_that_fails_twice_with_a_retryable_error_is_tried_three_times()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("x", [1, 2, 3]);
        backend.FailNext(Unavailable(), Unavailable());
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = FastRetry });

        var info = await store.StatAsync("x");

        Assert.Equal(3, info.Size);
        Assert.Equal(3, backend.CountCalls("stat"));
    }

    [Fact]
    public async Task Retries_stop_at_MaxAttempts_and_throw_the_last_error()
    {
        var backend = new ScriptedBackend();
        var last = Unavailable();
        backend.FailNext(Unavailable(), Unavailable(), last, Unavailable());
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = FastRetry with { MaxAttempts = 3 } });

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.ExistsAsync("x"));

        Assert.Same(last, error);
        Assert.Equal(3, backend.CountCalls("exists"));
    }

    [Fact]
    public async Task A_non_retryable_error_is_tried_once()
    {
        var backend = new ScriptedBackend();
        backend.FailNext(StorageException.NotFound("x"), Unavailable());
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = FastRetry });

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.StatAsync("x"));

        Assert.Equal(StorageErrorCode.NotFound, error.Code);
        Assert.Equal(1, backend.CountCalls("stat"));
    }

    [Fact]
    public async Task An_error_marked_not_retryable_is_tried_once_whatever_its_code()
    {
        var backend = new ScriptedBackend();
        backend.FailNext(new StorageException(StorageErrorCode.Unavailable, "Permanently gone.", isRetryable: false));
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = FastRetry });

        await Assert.ThrowsAsync<StorageException>(async () => await store.StatAsync("x"));

        Assert.Equal(1, backend.CountCalls("stat"));
    }

    [Fact]
    public async Task Native_transient_errors_are_retried()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("x", [1]);
        backend.FailNext(new HttpRequestException("connection refused"), new TimeoutException("slow"));
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = FastRetry });

        await store.StatAsync("x");

        Assert.Equal(3, backend.CountCalls("stat"));
    }

    [Fact]
    public async Task The_none_policy_never_retries()
    {
        var backend = new ScriptedBackend();
        backend.FailNext(Unavailable());
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = RetryPolicy.None });

        await Assert.ThrowsAsync<StorageException>(async () => await store.StatAsync("x"));

        Assert.Equal(1, backend.CountCalls("stat"));
    }

    [Fact]
    public async Task Observers_receive_one_operation_per_attempt_with_its_error()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("dir/x", [1]);
        var first = Unavailable();
        var second = new HttpRequestException("reset");
        backend.FailNext(first, second);
        var observer = new RecordingObserver();
        var other = new RecordingObserver();
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = FastRetry, Observers = [observer, other] });

        await store.StatAsync("/dir/x");

        var operations = observer.Operations;
        Assert.Equal(3, operations.Count);
        Assert.All(operations, o =>
        {
            Assert.Equal("scripted", o.Backend);
            Assert.Equal("stat", o.Operation);
            Assert.Equal("dir/x", o.Path);
            Assert.True(o.Duration >= TimeSpan.Zero);
        });
        Assert.Equal([1, 2, 3], operations.Select(o => o.Attempt));
        Assert.Same(first, operations[0].Error);
        var wrapped = Assert.IsType<StorageException>(operations[1].Error);
        Assert.Equal(StorageErrorCode.Unavailable, wrapped.Code);
        Assert.Same(second, wrapped.InnerException);
        Assert.Null(operations[2].Error);
        Assert.Equal(3, other.Operations.Count);
    }

    [Fact]
    public async Task Observers_see_a_cancellation_as_the_error_of_its_attempt()
    {
        var backend = new ScriptedBackend();
        using var source = new CancellationTokenSource();
        source.Cancel();
        var cancelled = new OperationCanceledException(source.Token);
        backend.FailNext(cancelled);
        var observer = new RecordingObserver();
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = FastRetry, Observers = [observer] });

        await Assert.ThrowsAsync<OperationCanceledException>(async () => await store.StatAsync("x", source.Token));

        var operation = Assert.Single(observer.Operations);
        Assert.Same(cancelled, operation.Error);
    }

    [Fact]
    public async Task Cancelling_while_waiting_to_retry_stops_the_retries()
    {
        var backend = new ScriptedBackend();
        backend.FailNext(Unavailable(), Unavailable(), Unavailable());
        var slowRetry = new RetryPolicy { MaxAttempts = 4, InitialDelay = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromMinutes(5) };
        using var cancellation = new CancellationTokenSource();
        var observer = new CancellingObserver(cancellation);
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = slowRetry, Observers = [observer] });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.StatAsync("x", cancellation.Token));

        Assert.Equal(1, backend.CountCalls("stat"));
    }

    [Fact]
    public void GetDelay_returns_the_server_s_RetryAfter()
    {
        var policy = new RetryPolicy { MaxDelay = TimeSpan.FromSeconds(10) };
        var error = new StorageException(StorageErrorCode.Throttled, "Slow down.", retryAfter: TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(2), policy.GetDelay(1, error));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.GetDelay(3, error));
    }

    [Fact]
    public void GetDelay_caps_RetryAfter_at_MaxDelay()
    {
        var policy = new RetryPolicy { MaxDelay = TimeSpan.FromSeconds(10) };
        var error = new StorageException(StorageErrorCode.Throttled, "Come back later.", retryAfter: TimeSpan.FromMinutes(3));

        Assert.Equal(TimeSpan.FromSeconds(10), policy.GetDelay(1, error));
    }

    [Fact]
    public void GetDelay_without_RetryAfter_stays_within_the_exponential_ceiling()
    {
        var policy = new RetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), Multiplier = 2, MaxDelay = TimeSpan.FromMilliseconds(350) };
        var error = new StorageException(StorageErrorCode.Unavailable, "Try again.");

        for (var sample = 0; sample < 200; sample++)
        {
            AssertWithin(policy.GetDelay(1, error), 100);
            AssertWithin(policy.GetDelay(2, error), 200);
            AssertWithin(policy.GetDelay(3, error), 350);
            AssertWithin(policy.GetDelay(10, error), 350);
        }

        static void AssertWithin(TimeSpan delay, double ceilingMilliseconds)
        {
            Assert.InRange(delay.TotalMilliseconds, 0, ceilingMilliseconds);
        }
    }

    [Fact]
    public async Task A_throttled_error_with_RetryAfter_is_retried()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("x", [1]);
        backend.FailNext(new StorageException(StorageErrorCode.Throttled, "Slow down.", retryAfter: TimeSpan.FromMilliseconds(1)));
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = FastRetry });

        await store.StatAsync("x");

        Assert.Equal(2, backend.CountCalls("stat"));
    }

    /// <summary>Cancels the caller's token as soon as the first attempt has failed, so the retry wait is interrupted.</summary>
    private sealed class CancellingObserver(CancellationTokenSource cancellation) : IStorageObserver
    {
        public void OnOperation(StorageOperation operation)
        {
            if (operation.Error is not null) cancellation.Cancel();
        }
    }
}
