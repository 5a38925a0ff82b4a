namespace Omnistorage.Cli.Tests;

/// <summary>Mistakes in how omni is invoked: exit code 1 and a message on standard error.</summary>
public sealed class UsageErrorTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_unknown_command_is_a_usage_error_that_names_it()
    {
        var result = await CliRunner.RunAsync("frobnicate", _directory.Path);

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains("'frobnicate'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_command_at_all_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync();

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_that_names_it()
    {
        var result = await CliRunner.RunAsync("ls", _directory.Path, "--frobnicate");

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains("'--frobnicate'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("bytes", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_before_the_remote_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("ls", "--frobnicate");

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains("'--frobnicate'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_argument_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("copy", _directory.Path);

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains("copy", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_option_value_of_the_wrong_type_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("cat", "--offset", "ten", _directory.UriOf("a.txt"));

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains("'ten'", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.OutputBytes);
    }

    [Fact]
    public async Task Parse_errors_are_printed_as_omni_messages_and_leave_standard_output_empty()
    {
        var result = await CliRunner.RunAsync("hashsum", "md4", _directory.Path);

        CliAssert.FailedWith(ExitCodes.UsageError, "Unknown hash type 'md4'", result);
        Assert.All(result.ErrorLines, line => Assert.StartsWith("omni: ", line, StringComparison.Ordinal));
        // Standard output carries results only, so `omni hashsum ... > sums.txt` never fills the file with help text.
        Assert.Empty(result.Out);
    }

    [Theory]
    [InlineData("ls")]
    [InlineData("cat")]
    [InlineData("mkdir")]
    public async Task A_remote_with_an_unknown_scheme_is_a_usage_error_listing_the_known_schemes(string command)
    {
        var result = await CliRunner.RunAsync(command, "nosuchscheme://bucket/path");

        CliAssert.FailedWith(ExitCodes.UsageError, "No backend handles the URI scheme 'nosuchscheme'", result);
        Assert.Contains("memory", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_backend_option_in_the_uri_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("ls", _directory.Uri + "?no-such-option=1");

        CliAssert.FailedWith(ExitCodes.UsageError, "no-such-option", result);
    }

    [Fact]
    public async Task An_empty_remote_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("ls", "");

        CliAssert.FailedWith(ExitCodes.UsageError, "A remote cannot be empty.", result);
    }

    [Fact]
    public async Task Help_succeeds_and_lists_every_command()
    {
        var result = await CliRunner.RunAsync("--help");

        CliAssert.ExitCode(ExitCodes.Success, result);
        foreach (var command in new[] { "ls", "lsjson", "cat", "rcat", "copy", "sync", "move", "check", "dedupe", "delete", "purge", "mkdir", "about", "hashsum", "backends" })
        {
            Assert.Contains(result.OutLines, line => line.TrimStart().StartsWith(command + " ", StringComparison.Ordinal));
        }
    }
}
