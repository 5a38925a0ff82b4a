using System.Text;

namespace Omnistorage.Cli.Tests;

public sealed class RcatCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _directory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Rcat_writes_standard_input_into_a_new_object()
    {
        var result = await CliRunner.RunWithInputAsync("hello from stdin\n", "rcat", _memory.UriOf("in/hello.txt"));

        CliAssert.Succeeded(result);
        Assert.Empty(result.Out);
        Assert.Equal("hello from stdin\n", await _memory.ReadTextAsync("in/hello.txt"));
    }

    [Fact]
    public async Task Rcat_creates_missing_local_parent_directories()
    {
        var result = await CliRunner.RunWithInputAsync("nested", "rcat", _directory.UriOf("a/b/c.txt"));

        CliAssert.Succeeded(result);
        Assert.Equal("nested", _directory.ReadText("a/b/c.txt"));
    }

    [Fact]
    public async Task Rcat_replaces_an_existing_object()
    {
        await _memory.WriteTextAsync("x.txt", "old content that is longer");

        var result = await CliRunner.RunWithInputAsync("new", "rcat", _memory.UriOf("x.txt"));

        CliAssert.Succeeded(result);
        Assert.Equal("new", await _memory.ReadTextAsync("x.txt"));
    }

    [Fact]
    public async Task Rcat_of_empty_input_writes_an_empty_object()
    {
        var result = await CliRunner.RunWithInputAsync("", "rcat", _memory.UriOf("empty.txt"));

        CliAssert.Succeeded(result);
        Assert.Equal(0, (await _memory.Store.StatAsync("empty.txt")).Size);
    }

    [Fact]
    public async Task Rcat_with_a_matching_size_commits()
    {
        var result = await CliRunner.RunWithInputAsync("12345", "rcat", _memory.UriOf("sized.txt"), "--size", "5");

        CliAssert.Succeeded(result);
        Assert.Equal("12345", await _memory.ReadTextAsync("sized.txt"));
    }

    [Fact]
    public async Task Rcat_with_a_different_size_than_declared_commits_nothing_and_fails()
    {
        await _memory.WriteTextAsync("sized.txt", "previous");

        var result = await CliRunner.RunWithInputAsync("12345", "rcat", _memory.UriOf("sized.txt"), "--size", "10");

        CliAssert.FailedWith(ExitCodes.Fatal, "", result);
        Assert.Equal("previous", await _memory.ReadTextAsync("sized.txt"));
    }

    [Fact]
    public async Task Rcat_whose_input_fails_leaves_the_old_object_untouched()
    {
        await _memory.WriteTextAsync("kept.txt", "original");
        await using var input = new FailingInput(Encoding.UTF8.GetBytes("partial data"), failure: null);

        var result = await CliRunner.RunAsync(["rcat", _memory.UriOf("kept.txt")], input, CancellationToken.None);

        CliAssert.FailedWith(ExitCodes.Fatal, "the input broke", result);
        Assert.Equal("original", await _memory.ReadTextAsync("kept.txt"));
    }

    [Fact]
    public async Task Rcat_whose_input_fails_creates_no_object()
    {
        await using var input = new FailingInput(Encoding.UTF8.GetBytes("partial data"), failure: null);

        var result = await CliRunner.RunAsync(["rcat", _directory.UriOf("fresh.txt")], input, CancellationToken.None);

        CliAssert.FailedWith(ExitCodes.Fatal, "the input broke", result);
        Assert.Empty(_directory.Files());
    }

    [Fact(Skip = "bug: rcat creates the missing parent directories before reading stdin, so a failed rcat leaves them behind empty")]
    public async Task Rcat_that_fails_leaves_no_new_parent_directories_behind()
    {
        var result = await CliRunner.RunWithInputAsync("12345", "rcat", _directory.UriOf("new/sub/object.txt"), "--size", "10");

        CliAssert.ExitCode(ExitCodes.Fatal, result);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory.Path));
    }

    [Fact]
    public async Task Rcat_cancelled_while_reading_exits_130_and_commits_nothing()
    {
        using var cancellation = new CancellationTokenSource();
        // The input hands over some bytes, then "Ctrl+C" arrives while the next read hangs, as a read from a terminal would.
        await using var input = new FailingInput(Encoding.UTF8.GetBytes("typed so far"), failure: cancellation);

        var result = await CliRunner.RunAsync(["rcat", _directory.UriOf("interrupted.txt")], input, cancellation.Token);

        CliAssert.ExitCode(ExitCodes.Cancelled, result);
        Assert.Equal(["omni: cancelled"], result.ErrorLines);
        Assert.Empty(_directory.Files());
    }

    [Fact]
    public async Task Rcat_to_the_root_of_a_store_is_a_usage_error()
    {
        var result = await CliRunner.RunWithInputAsync("data", "rcat", _memory.Uri);

        CliAssert.FailedWith(ExitCodes.UsageError, "needs the path of an object", result);
        Assert.Empty(await _memory.PathsAsync());
    }

    [Fact]
    public async Task Rcat_rejects_a_size_below_minus_one()
    {
        var result = await CliRunner.RunWithInputAsync("data", "rcat", _memory.UriOf("x.txt"), "--size", "-5");

        CliAssert.FailedWith(ExitCodes.UsageError, "--size must be -1", result);
        Assert.False(await _memory.ExistsAsync("x.txt"));
    }

    /// <summary>
    /// Standard input that delivers <c>prefix</c> and then, on the next read, either throws an <see cref="IOException"/>
    /// (no cancellation source) or cancels the given source and never completes, like a terminal read after Ctrl+C.
    /// </summary>
    private sealed class FailingInput(byte[] prefix, CancellationTokenSource? failure) : Stream
    {
        private bool _prefixSent;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_prefixSent)
            {
                _prefixSent = true;
                prefix.CopyTo(buffer);
                return ValueTask.FromResult(prefix.Length);
            }

            if (failure is null) throw new IOException("the input broke");
            failure.Cancel();
            return new ValueTask<int>(new TaskCompletionSource<int>().Task);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Reads are asynchronous.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
