using System.Net.Sockets;
using Omnistorage.Core.Tests.TestDoubles;

namespace Omnistorage.Core.Tests;

public sealed class ObjectStorePathAndErrorTests
{
    private static readonly ObjectStoreOptions NoRetries = new() { Retry = RetryPolicy.None };

    [Fact]
    public async Task Paths_are_normalized_before_they_reach_the_backend()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("a/b", "abc"u8.ToArray());
        backend.AddDirectory("d/e");
        await using var store = new ObjectStore(backend, NoRetries);

        await store.StatAsync("/a//b/");
        await store.ExistsAsync("a/b/");
        (await store.OpenReadAsync("//a/b")).Dispose();
        await store.CreateDirectoryAsync("/new//dir/");
        await store.DeleteAsync("/a/b");
        await foreach (var _ in store.ListAsync("/d/"))
        {
        }

        Assert.Equal(
        [
            new BackendCall("stat", "a/b"),
            new BackendCall("exists", "a/b"),
            new BackendCall("read", "a/b"),
            new BackendCall("mkdir", "new/dir"),
            new BackendCall("delete", "a/b"),
            new BackendCall("list", "d"),
        ], backend.Calls);
    }

    [Fact]
    public async Task Writes_reach_the_backend_with_normalized_paths()
    {
        var backend = new ScriptedBackend();
        await using var store = new ObjectStore(backend, NoRetries);

        await store.WriteAllBytesAsync("/x//y.txt", "hello"u8.ToArray());

        Assert.Equal(new BackendCall("write", "x/y.txt"), Assert.Single(backend.Calls));
        Assert.Equal("hello"u8.ToArray(), backend.Objects["x/y.txt"]);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("a/./b")]
    [InlineData("nul\0byte")]
    public async Task Invalid_paths_are_refused_without_calling_the_backend(string path)
    {
        var backend = new ScriptedBackend();
        await using var store = new ObjectStore(backend, NoRetries);

        await AssertInvalid(() => store.StatAsync(path).AsTask());
        await AssertInvalid(() => store.OpenReadAsync(path).AsTask());
        await AssertInvalid(() => store.OpenWriteAsync(path).AsTask());
        await AssertInvalid(() => store.DeleteAsync(path).AsTask());
        await AssertInvalid(() => store.CreateDirectoryAsync(path).AsTask());
        await AssertInvalid(() => store.ExistsAsync(path).AsTask());
        await AssertInvalid(async () => await store.ListAsync(path).ToListAsync());
        await AssertInvalid(() => store.CopyAsync(path, "ok").AsTask());
        await AssertInvalid(() => store.CopyAsync("ok", path).AsTask());
        await AssertInvalid(() => store.MoveAsync("ok", path).AsTask());

        Assert.Empty(backend.Calls);

        static async Task AssertInvalid(Func<Task> action)
        {
            var error = await Assert.ThrowsAsync<StorageException>(action);
            Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task Deleting_the_root_as_an_object_is_invalid_argument(string path)
    {
        var backend = new ScriptedBackend();
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.DeleteAsync(path));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Empty(backend.Calls);
    }

    [Fact]
    public async Task An_invalid_byte_range_is_refused_without_calling_the_backend()
    {
        var backend = new ScriptedBackend();
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.OpenReadAsync("x", new ByteRange(-1, 5)));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Empty(backend.Calls);
    }

    [Fact]
    public async Task A_native_not_found_becomes_NotFound_with_backend_path_and_inner_exception()
    {
        var backend = new ScriptedBackend();
        var native = new FileNotFoundException("no such file", "dir/missing.txt");
        backend.FailNext(native);
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.StatAsync("/dir/missing.txt"));

        Assert.Equal(StorageErrorCode.NotFound, error.Code);
        Assert.Equal("scripted", error.Backend);
        Assert.Equal("dir/missing.txt", error.Path);
        Assert.Same(native, error.InnerException);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task A_native_access_denial_becomes_PermissionDenied()
    {
        var backend = new ScriptedBackend();
        var native = new UnauthorizedAccessException("access denied");
        backend.FailNext(native);
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.DeleteAsync("locked"));

        Assert.Equal(StorageErrorCode.PermissionDenied, error.Code);
        Assert.Equal("locked", error.Path);
        Assert.Same(native, error.InnerException);
    }

    [Fact]
    public async Task A_storage_exception_from_the_backend_is_completed_with_backend_and_path_not_replaced()
    {
        var backend = new ScriptedBackend();
        var thrown = new StorageException(StorageErrorCode.Conflict, "Precondition failed.");
        backend.FailNext(thrown);
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.RemoveDirectoryAsync("busy"));

        Assert.Same(thrown, error);
        Assert.Equal("scripted", error.Backend);
        Assert.Equal("busy", error.Path);
    }

    [Fact]
    public async Task A_storage_exception_keeps_the_backend_and_path_it_already_names()
    {
        var backend = new ScriptedBackend();
        backend.FailNext(StorageException.NotFound("inner/path", "inner-backend"));
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.StatAsync("outer"));

        Assert.Equal("inner-backend", error.Backend);
        Assert.Equal("inner/path", error.Path);
    }

    [Fact]
    public async Task TryStatAsync_returns_null_for_a_missing_item_and_rethrows_other_errors()
    {
        var backend = new ScriptedBackend();
        await using var store = new ObjectStore(backend, NoRetries);

        Assert.Null(await store.TryStatAsync("missing"));

        backend.FailNext(new UnauthorizedAccessException("no"));
        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.TryStatAsync("missing"));
        Assert.Equal(StorageErrorCode.PermissionDenied, error.Code);
    }

    [Fact]
    public async Task A_requested_cancellation_passes_through_unwrapped_and_is_not_retried()
    {
        var backend = new ScriptedBackend();
        using var source = new CancellationTokenSource();
        source.Cancel();
        var cancelled = new OperationCanceledException("stopped by the caller", source.Token);
        backend.FailNext(cancelled);
        await using var store = new ObjectStore(backend, new ObjectStoreOptions { Retry = new RetryPolicy { MaxAttempts = 4, InitialDelay = TimeSpan.FromMilliseconds(1) } });

        var error = await Assert.ThrowsAsync<OperationCanceledException>(async () => await store.StatAsync("x", source.Token));

        Assert.Same(cancelled, error);
        Assert.Equal(1, backend.CountCalls("stat"));
    }

    [Fact]
    public async Task A_cancellation_the_caller_did_not_request_is_a_retryable_timeout()
    {
        // HttpClient reports its own timeout as a TaskCanceledException; with the caller's token untouched that is a
        // timeout of the request, not a cancellation of the operation.
        var backend = new ScriptedBackend();
        var cancelled = new TaskCanceledException("request timed out");
        backend.FailNext(cancelled);
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.ExistsAsync("x"));

        Assert.Equal(StorageErrorCode.Timeout, error.Code);
        Assert.True(error.IsRetryable);
        Assert.Same(cancelled, error.InnerException);
    }

    [Fact]
    public async Task A_listing_error_thrown_mid_enumeration_is_wrapped_after_the_items_already_produced()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("dir/1", [1]);
        backend.AddObject("dir/2", [2]);
        backend.AddObject("dir/3", [3]);
        var native = new SocketException((int)SocketError.ConnectionReset);
        backend.ListingFault = (2, native);
        await using var store = new ObjectStore(backend, NoRetries);
        var seen = new List<string>();

        var error = await Assert.ThrowsAsync<StorageException>(async () =>
        {
            await foreach (var item in store.ListAsync("dir"))
            {
                seen.Add(item.Path);
            }
        });

        Assert.Equal(["dir/1", "dir/2"], seen);
        Assert.Equal(StorageErrorCode.Unavailable, error.Code);
        Assert.Equal("scripted", error.Backend);
        Assert.Equal("dir", error.Path);
        Assert.Same(native, error.InnerException);
    }

    [Fact]
    public async Task A_listing_error_before_the_first_item_is_wrapped()
    {
        var backend = new ScriptedBackend();
        backend.FailNext(new DirectoryNotFoundException("gone"));
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.ListAsync("gone").ToListAsync());

        Assert.Equal(StorageErrorCode.NotFound, error.Code);
        Assert.Equal("gone", error.Path);
    }

    [Fact]
    public async Task A_listing_that_throws_synchronously_when_called_is_wrapped()
    {
        var backend = new EagerlyFailingListBackend();
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.ListAsync("x").ToListAsync());

        Assert.Equal(StorageErrorCode.PermissionDenied, error.Code);
        Assert.Equal("x", error.Path);
    }

    [Fact]
    public async Task Cancelling_a_listing_through_WithCancellation_stops_it_with_an_unwrapped_cancellation()
    {
        var backend = new ScriptedBackend();
        for (var i = 0; i < 5; i++) backend.AddObject($"many/{i}", [(byte)i]);
        await using var store = new ObjectStore(backend, NoRetries);
        using var cancellation = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in store.ListAsync("many").WithCancellation(cancellation.Token))
            {
                seen++;
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task A_listing_cancellation_from_the_backend_passes_through_unwrapped()
    {
        var backend = new ScriptedBackend();
        backend.AddObject("d/1", [1]);
        var cancelled = new OperationCanceledException("listing stopped");
        backend.ListingFault = (1, cancelled);
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<OperationCanceledException>(async () => await store.ListAsync("d").ToListAsync());

        Assert.Same(cancelled, error);
    }

    [Fact]
    public async Task A_write_larger_than_the_backend_accepts_is_refused_before_the_backend_is_called()
    {
        var backend = new ScriptedBackend { Traits = new BackendTraits { MaxObjectSize = 100 } };
        await using var store = new ObjectStore(backend, NoRetries);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.OpenWriteAsync("big", new WriteOptions { Size = 101 }));

        Assert.Equal(StorageErrorCode.QuotaExceeded, error.Code);
        Assert.Empty(backend.Calls);
        await using var fits = await store.OpenWriteAsync("fits", new WriteOptions { Size = 100 });
    }

    [Fact]
    public async Task WriteAllBytesAsync_declares_the_size_so_a_short_write_cannot_commit()
    {
        var backend = new ScriptedBackend();
        await using var store = new ObjectStore(backend, NoRetries);

        await store.WriteAllBytesAsync("sized", new byte[42], new WriteOptions { ContentType = "application/octet-stream" });

        var options = Assert.Single(backend.WriteOptionsSeen);
        Assert.Equal(42, options.Size);
        Assert.Equal("application/octet-stream", options.ContentType);
    }

    [Fact]
    public async Task Disposing_the_store_disposes_the_backend_only_when_it_owns_it()
    {
        var owned = new ScriptedBackend();
        var shared = new ScriptedBackend();

        await new ObjectStore(owned).DisposeAsync();
        await new ObjectStore(shared, new ObjectStoreOptions { OwnsBackend = false }).DisposeAsync();

        Assert.True(owned.IsDisposed);
        Assert.False(shared.IsDisposed);
    }

    /// <summary>A backend whose ListAsync is an ordinary method that throws before returning an enumerable.</summary>
    private sealed class EagerlyFailingListBackend : ScriptedBackend, IStorageBackend
    {
        IAsyncEnumerable<ObjectInfo> IStorageBackend.ListAsync(string directory, CancellationToken cancellationToken) =>
            throw new UnauthorizedAccessException("listing refused");
    }
}
