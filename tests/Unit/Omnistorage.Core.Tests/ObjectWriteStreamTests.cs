using System.Text;
using Omnistorage.Core.Tests.TestDoubles;

namespace Omnistorage.Core.Tests;

public sealed class ObjectWriteStreamTests
{
    private static readonly byte[] Abc = "abc"u8.ToArray();

    [Fact]
    public async Task Commit_publishes_the_written_bytes_once()
    {
        var stream = new RecordingWriteStream("dir/object.bin");
        await using (stream)
        {
            await stream.WriteAsync(Abc);

            var info = await stream.CommitAsync();

            Assert.Equal("dir/object.bin", info.Path);
            Assert.Equal(3, info.Size);
            Assert.Same(info, stream.Result);
            Assert.True(stream.IsCommitted);
            Assert.False(stream.CanWrite);
        }

        Assert.Equal(1, stream.CommitCoreCalls);
        Assert.Equal(0, stream.AbortCoreCalls);
        Assert.Equal(Abc, stream.Content);
    }

    [Fact]
    public async Task Writing_after_commit_throws()
    {
        await using var stream = new RecordingWriteStream("x");
        await stream.CommitAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.WriteAsync(Abc));
        Assert.Throws<InvalidOperationException>(() => stream.Write(Abc, 0, Abc.Length));
        Assert.Throws<InvalidOperationException>(() => stream.WriteByte(1));
    }

    [Fact]
    public async Task Committing_twice_throws_and_publishes_only_once()
    {
        var stream = new RecordingWriteStream("x");
        await using (stream)
        {
            await stream.CommitAsync();

            await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.CommitAsync());
            Assert.True(stream.IsCommitted);
        }

        Assert.Equal(1, stream.CommitCoreCalls);
        Assert.Equal(0, stream.AbortCoreCalls);
    }

    [Fact]
    public async Task Disposing_without_commit_aborts_once()
    {
        var stream = new RecordingWriteStream("x");
        await using (stream)
        {
            await stream.WriteAsync(Abc);
        }

        Assert.Equal(0, stream.CommitCoreCalls);
        Assert.Equal(1, stream.AbortCoreCalls);
        Assert.Equal(1, stream.DisposeCoreCalls);
        Assert.Empty(stream.Content);
        Assert.False(stream.IsCommitted);
    }

    [Fact]
    public void Synchronous_dispose_without_commit_aborts_too()
    {
        var stream = new RecordingWriteStream("x");
        using (stream)
        {
            stream.Write(Abc);
        }

        Assert.Equal(0, stream.CommitCoreCalls);
        Assert.Equal(1, stream.AbortCoreCalls);
        Assert.Equal(1, stream.DisposeCoreCalls);
    }

    [Fact]
    public async Task Disposing_twice_releases_resources_once()
    {
        var stream = new RecordingWriteStream("x");

        await stream.DisposeAsync();
        await stream.DisposeAsync();

        Assert.Equal(1, stream.AbortCoreCalls);
        Assert.Equal(1, stream.DisposeCoreCalls);
    }

    [Fact]
    public async Task CommitOnDispose_commits_when_disposed()
    {
        var stream = new RecordingWriteStream("x", new WriteOptions { CommitOnDispose = true });
        await using (stream)
        {
            await stream.WriteAsync(Abc);
        }

        Assert.Equal(1, stream.CommitCoreCalls);
        Assert.Equal(0, stream.AbortCoreCalls);
        Assert.True(stream.IsCommitted);
        Assert.Equal(Abc, stream.Content);
    }

    [Fact]
    public async Task CommitOnDispose_after_a_faulted_write_aborts_instead()
    {
        var stream = new RecordingWriteStream("x", new WriteOptions { CommitOnDispose = true });
        await using (stream)
        {
            await stream.WriteAsync(Abc);
            stream.NextWriteFailure = new IOException("connection reset");

            var error = await Assert.ThrowsAsync<IOException>(async () => await stream.WriteAsync(Abc));
            Assert.Equal("connection reset", error.Message);
            Assert.False(stream.CanWrite);
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.WriteAsync(Abc));
        }

        Assert.Equal(0, stream.CommitCoreCalls);
        Assert.Equal(1, stream.AbortCoreCalls);
        Assert.False(stream.IsCommitted);
    }

    [Fact]
    public void A_faulted_synchronous_write_also_prevents_commit_on_dispose()
    {
        var stream = new RecordingWriteStream("x", new WriteOptions { CommitOnDispose = true });
        using (stream)
        {
            stream.NextWriteFailure = new IOException("disk gone");
            Assert.Throws<IOException>(() => stream.Write(Abc, 0, 3));
        }

        Assert.Equal(0, stream.CommitCoreCalls);
        Assert.Equal(1, stream.AbortCoreCalls);
    }

    [Fact]
    public async Task A_cancelled_open_token_makes_writes_throw_and_dispose_abort()
    {
        using var cancellation = new CancellationTokenSource();
        var stream = new RecordingWriteStream("x", new WriteOptions { CommitOnDispose = true }, cancellation.Token);
        await using (stream)
        {
            await stream.WriteAsync(Abc);
            await cancellation.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.WriteAsync(Abc));
        }

        Assert.Equal(1, stream.WriteCoreCalls);
        Assert.Equal(0, stream.CommitCoreCalls);
        Assert.Equal(1, stream.AbortCoreCalls);
        Assert.False(stream.IsCommitted);
    }

    [Fact]
    public async Task A_cancelled_open_token_prevents_commit_on_dispose_even_without_a_failed_write()
    {
        using var cancellation = new CancellationTokenSource();
        var stream = new RecordingWriteStream("x", new WriteOptions { CommitOnDispose = true }, cancellation.Token);
        await using (stream)
        {
            await stream.WriteAsync(Abc);
            await cancellation.CancelAsync();
        }

        Assert.Equal(0, stream.CommitCoreCalls);
        Assert.Equal(1, stream.AbortCoreCalls);
    }

    [Fact]
    public async Task Commit_after_the_open_token_was_cancelled_throws_and_aborts()
    {
        using var cancellation = new CancellationTokenSource();
        await using var stream = new RecordingWriteStream("x", null, cancellation.Token);
        await stream.WriteAsync(Abc);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.CommitAsync());

        Assert.Equal(0, stream.CommitCoreCalls);
        Assert.True(stream.AbortCoreCalls >= 1);
        Assert.False(stream.IsCommitted);
    }

    [Fact]
    public async Task Commit_with_a_cancelled_token_throws_and_aborts()
    {
        await using var stream = new RecordingWriteStream("x");
        await stream.WriteAsync(Abc);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.CommitAsync(new CancellationToken(canceled: true)));

        Assert.Equal(0, stream.CommitCoreCalls);
        Assert.True(stream.AbortCoreCalls >= 1);
    }

    [Fact]
    public async Task A_write_with_a_cancelled_token_throws()
    {
        await using var stream = new RecordingWriteStream("x");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.WriteAsync(Abc, new CancellationToken(canceled: true)));

        Assert.Equal(0, stream.WriteCoreCalls);
        Assert.Equal(0, stream.BytesWritten);
    }

    [Fact]
    public async Task A_size_mismatch_fails_commit_with_integrity_and_aborts()
    {
        var stream = new RecordingWriteStream("sized", new WriteOptions { Size = 4 });
        await using (stream)
        {
            await stream.WriteAsync(Abc);

            var error = await Assert.ThrowsAsync<StorageException>(async () => await stream.CommitAsync());

            Assert.Equal(StorageErrorCode.Integrity, error.Code);
            Assert.Equal("sized", error.Path);
            Assert.Contains("4", error.Message, StringComparison.Ordinal);
            Assert.Contains("3", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, stream.CommitCoreCalls);
            Assert.True(stream.AbortCoreCalls >= 1, "A failed commit must discard what was written.");
            Assert.False(stream.IsCommitted);
            Assert.Null(stream.Result);
            Assert.False(stream.CanWrite);
        }

        Assert.Empty(stream.Content);
    }

    [Fact]
    public async Task A_matching_size_commits()
    {
        await using var stream = new RecordingWriteStream("sized", new WriteOptions { Size = 3 });
        await stream.WriteAsync(Abc);

        var info = await stream.CommitAsync();

        Assert.Equal(3, info.Size);
        Assert.Equal(1, stream.CommitCoreCalls);
    }

    [Fact]
    public async Task CommitOnDispose_with_a_size_mismatch_surfaces_the_error_aborts_and_still_releases_resources()
    {
        var stream = new RecordingWriteStream("sized", new WriteOptions { Size = 10, CommitOnDispose = true });
        await stream.WriteAsync(Abc);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await stream.DisposeAsync());

        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.Equal(0, stream.CommitCoreCalls);
        Assert.True(stream.AbortCoreCalls >= 1);
        Assert.Equal(1, stream.DisposeCoreCalls);
    }

    [Fact]
    public async Task A_commit_failure_aborts_and_leaves_the_stream_faulted()
    {
        var failure = new IOException("upload rejected");
        await using var stream = new RecordingWriteStream("x") { CommitFailure = failure };
        await stream.WriteAsync(Abc);

        var error = await Assert.ThrowsAsync<IOException>(async () => await stream.CommitAsync());

        Assert.Same(failure, error);
        Assert.Equal(1, stream.CommitCoreCalls);
        Assert.Equal(1, stream.AbortCoreCalls);
        Assert.False(stream.IsCommitted);
        Assert.Null(stream.Result);
        Assert.False(stream.CanWrite);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.WriteAsync(Abc));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.CommitAsync());
        Assert.Equal(1, stream.CommitCoreCalls);
    }

    [Fact]
    public async Task A_failing_abort_does_not_hide_the_commit_failure()
    {
        var failure = new IOException("upload rejected");
        await using var stream = new RecordingWriteStream("x") { CommitFailure = failure, AbortFailure = new IOException("cleanup failed") };

        var error = await Assert.ThrowsAsync<IOException>(async () => await stream.CommitAsync());

        Assert.Same(failure, error);
        Assert.Equal(1, stream.AbortCoreCalls);
    }

    [Fact]
    public async Task AbortAsync_is_idempotent()
    {
        var stream = new RecordingWriteStream("x");
        await using (stream)
        {
            await stream.WriteAsync(Abc);

            await stream.AbortAsync();
            await stream.AbortAsync();

            Assert.False(stream.CanWrite);
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.WriteAsync(Abc));
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.CommitAsync());
        }

        Assert.Equal(1, stream.AbortCoreCalls);
        Assert.Equal(0, stream.CommitCoreCalls);
    }

    [Fact]
    public async Task AbortAsync_after_commit_keeps_the_object()
    {
        await using var stream = new RecordingWriteStream("x");
        await stream.WriteAsync(Abc);
        await stream.CommitAsync();

        await stream.AbortAsync();

        Assert.True(stream.IsCommitted);
        Assert.Equal(0, stream.AbortCoreCalls);
        Assert.Equal(Abc, stream.Content);
    }

    [Fact]
    public async Task A_failing_abort_on_dispose_is_swallowed()
    {
        var stream = new RecordingWriteStream("x") { AbortFailure = new IOException("cleanup failed") };

        await stream.DisposeAsync();

        Assert.Equal(1, stream.AbortCoreCalls);
        Assert.Equal(1, stream.DisposeCoreCalls);
    }

    [Fact]
    public async Task BytesWritten_and_Position_count_every_write_path()
    {
        await using var stream = new RecordingWriteStream("x");

        stream.Write(Abc, 0, 3);
        stream.Write("de"u8);
        stream.WriteByte((byte)'f');
        await stream.WriteAsync("gh"u8.ToArray());
        await stream.WriteAsync(Encoding.ASCII.GetBytes("xijx"), 1, 2);

        Assert.Equal(10, stream.BytesWritten);
        Assert.Equal(10, stream.Position);
        Assert.Equal(10, stream.Length);
        Assert.Equal("abcdefghij"u8.ToArray(), stream.Content);
    }

    [Fact]
    public async Task A_failed_write_does_not_count_its_bytes()
    {
        await using var stream = new RecordingWriteStream("x");
        await stream.WriteAsync(Abc);
        stream.NextWriteFailure = new IOException("broken pipe");

        await Assert.ThrowsAsync<IOException>(async () => await stream.WriteAsync(Abc));

        Assert.Equal(3, stream.BytesWritten);
    }

    [Fact]
    public async Task Flush_never_commits()
    {
        var stream = new RecordingWriteStream("x");
        await using (stream)
        {
            await stream.WriteAsync(Abc);
            stream.Flush();
            await stream.FlushAsync();

            Assert.False(stream.IsCommitted);
        }

        Assert.Equal(0, stream.CommitCoreCalls);
    }

    [Fact]
    public async Task The_stream_is_write_only_and_cannot_seek()
    {
        await using var stream = new RecordingWriteStream("x");

        Assert.False(stream.CanRead);
        Assert.False(stream.CanSeek);
        Assert.True(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Position = 0);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.SetLength(0));
        Assert.Throws<NotSupportedException>(() => stream.Read(new byte[1], 0, 1));
    }

    [Fact]
    public void Null_options_mean_the_defaults()
    {
        using var stream = new RecordingWriteStream("x", null);

        Assert.Same(WriteOptions.Default, stream.Options);
        Assert.Equal("x", stream.Path);
    }
}
