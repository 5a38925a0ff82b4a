using System.Text.Json;

namespace Omnistorage.Cli.Tests;

public sealed class CheckCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _local = new();

    public async Task InitializeAsync()
    {
        // same.txt matches, changed.txt differs, only-src.txt and only-dst.txt are on one side each.
        await _memory.WriteTextAsync("src/same.txt", "same");
        await _memory.WriteTextAsync("src/sub/changed.txt", "version one");
        await _memory.WriteTextAsync("src/only-src.txt", "src");
        await _memory.WriteTextAsync("dst/same.txt", "same");
        await _memory.WriteTextAsync("dst/sub/changed.txt", "version two");
        await _memory.WriteTextAsync("dst/only-dst.txt", "dst");
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _local.Dispose();
    }

    [Fact]
    public async Task Check_prints_a_marker_line_per_difference_and_rclone_counts_and_exits_2()
    {
        var result = await CliRunner.RunAsync("check", _memory.UriOf("src"), _memory.UriOf("dst"));

        CliAssert.ExitCode(ExitCodes.SomeItemsFailed, result);
        Assert.Equal(["* sub/changed.txt", "+ only-dst.txt", "- only-src.txt"], result.OutLines.Order(StringComparer.Ordinal));
        Assert.Contains($"omni: {_memory.UriOf("dst")}: 3 differences found", result.ErrorLines);
        Assert.Contains($"omni: {_memory.UriOf("dst")}: 1 files missing", result.ErrorLines);
        Assert.Contains($"omni: {_memory.UriOf("src")}: 1 files missing", result.ErrorLines);
        Assert.Contains($"omni: {_memory.UriOf("dst")}: 1 matching files", result.ErrorLines);
    }

    [Fact]
    public async Task Check_of_identical_trees_exits_0_and_prints_no_differences()
    {
        await _memory.WriteTextAsync("copy/same.txt", "same");

        var result = await CliRunner.RunAsync("check", _memory.UriOf("src"), _memory.UriOf("copy"), "--include", "same.txt");

        CliAssert.ExitCode(ExitCodes.Success, result);
        Assert.Empty(result.OutLines);
        Assert.Contains($"omni: {_memory.UriOf("copy")}: 0 differences found", result.ErrorLines);
    }

    [Fact]
    public async Task Check_after_a_sync_finds_no_differences_between_local_and_memory()
    {
        _local.WriteText("tree/a.txt", "alpha");
        _local.WriteText("tree/deep/b.txt", "bravo");
        CliAssert.Succeeded(await CliRunner.RunAsync("sync", _local.UriOf("tree"), _memory.UriOf("mirror")));

        var result = await CliRunner.RunAsync("check", "--download", _local.UriOf("tree"), _memory.UriOf("mirror"));

        CliAssert.ExitCode(ExitCodes.Success, result);
        Assert.Empty(result.OutLines);
    }

    [Fact]
    public async Task One_way_ignores_files_only_in_the_destination()
    {
        var result = await CliRunner.RunAsync("check", "--one-way", _memory.UriOf("src"), _memory.UriOf("dst"));

        CliAssert.ExitCode(ExitCodes.SomeItemsFailed, result);
        Assert.Equal(["* sub/changed.txt", "- only-src.txt"], result.OutLines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Size_only_treats_files_of_equal_size_as_matching()
    {
        var result = await CliRunner.RunAsync("check", "--size-only", _memory.UriOf("src"), _memory.UriOf("dst"));

        Assert.DoesNotContain("* sub/changed.txt", result.OutLines);
        Assert.Contains("- only-src.txt", result.OutLines);
    }

    [Fact]
    public async Task Report_files_receive_every_category()
    {
        string Report(string name) => _local.Local(name);

        var result = await CliRunner.RunAsync("check", _memory.UriOf("src"), _memory.UriOf("dst"),
            "--combined", Report("combined.txt"), "--match", Report("match.txt"), "--differ", Report("differ.txt"),
            "--missing-on-src", Report("missing-on-src.txt"), "--missing-on-dst", Report("missing-on-dst.txt"), "--error", Report("error.txt"));

        CliAssert.ExitCode(ExitCodes.SomeItemsFailed, result);
        Assert.Equal(["* sub/changed.txt", "+ only-dst.txt", "- only-src.txt", "= same.txt"], Lines(Report("combined.txt")));
        Assert.Equal(["same.txt"], Lines(Report("match.txt")));
        Assert.Equal(["sub/changed.txt"], Lines(Report("differ.txt")));
        Assert.Equal(["only-dst.txt"], Lines(Report("missing-on-src.txt")));
        Assert.Equal(["only-src.txt"], Lines(Report("missing-on-dst.txt")));
        Assert.Empty(Lines(Report("error.txt")));
    }

    [Fact]
    public async Task Check_reports_a_type_conflict_as_an_error()
    {
        await _memory.WriteTextAsync("src/thing", "a file");
        await _memory.Store.CreateDirectoryAsync("dst/thing");

        var result = await CliRunner.RunAsync("check", _memory.UriOf("src"), _memory.UriOf("dst"), "--error", _local.Local("error.txt"));

        CliAssert.ExitCode(ExitCodes.SomeItemsFailed, result);
        Assert.Contains("! thing", result.OutLines);
        Assert.Equal(["thing"], Lines(_local.Local("error.txt")));
        Assert.Contains(result.ErrorLines, line => line.Contains("1 errors while checking", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_json_is_one_document_with_the_differences_and_the_counts()
    {
        var result = await CliRunner.RunAsync("check", "--json", _memory.UriOf("src"), _memory.UriOf("dst"));

        CliAssert.ExitCode(ExitCodes.SomeItemsFailed, result);
        using var document = JsonDocument.Parse(result.Out);
        var kinds = document.RootElement.GetProperty("differences").EnumerateArray()
            .Select(item => item.GetProperty("kind").GetString() + " " + item.GetProperty("path").GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(["differ sub/changed.txt", "missing-on-dst only-src.txt", "missing-on-src only-dst.txt"], kinds);
        var summary = document.RootElement.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("differences").GetInt64());
        Assert.Equal(1, summary.GetProperty("matches").GetInt64());
    }

    [Fact]
    public async Task Check_of_a_missing_source_is_not_found()
    {
        var result = await CliRunner.RunAsync("check", _memory.UriOf("nothing-here"), _memory.UriOf("dst"));

        CliAssert.FailedWith(ExitCodes.NotFound, "was not found", result);
    }

    [Fact]
    public async Task Check_against_a_missing_destination_reports_every_file_missing_and_creates_nothing()
    {
        var result = await CliRunner.RunAsync("check", _local.Uri, _local.UriOf("absent/dir"));

        CliAssert.ExitCode(ExitCodes.Success, result);
        Assert.False(_local.DirectoryExists("absent"));

        _local.WriteText("x.txt", "x");
        var withFile = await CliRunner.RunAsync("check", _local.UriOf("x.txt"), _local.UriOf("absent/dir"));
        CliAssert.ExitCode(ExitCodes.SomeItemsFailed, withFile);
        Assert.Equal(["- x.txt"], withFile.OutLines);
        Assert.False(_local.DirectoryExists("absent"));
    }

    private static string[] Lines(string path) =>
        File.ReadAllLines(path).Where(line => line.Length > 0).Order(StringComparer.Ordinal).ToArray();
}
