namespace Omnistorage.HelpBuilder.Tests;

/// <summary>about_*.md pages become the plain-text topics Get-Help about_X prints.</summary>
public sealed class AboutTopicTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly string text;
    private readonly string[] lines;

    public AboutTopicTests()
    {
        Fixtures.CopyTo(directory, "about_Sample_Topic.md");
        var run = BuildRun.Execute(directory.Combine("md"), directory.Combine("out"));
        Assert.True(run.ExitCode == 0, run.Errors);
        text = File.ReadAllText(directory.Combine("out", "about_Sample_Topic.help.txt"));
        lines = text.Split('\n');
    }

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Topic_starts_with_the_topic_name_and_upper_case_sections()
    {
        Assert.StartsWith("TOPIC\n    about_Sample_Topic\n\nSHORT DESCRIPTION\n    Explains how the sample topic is rendered.\n\nLONG DESCRIPTION\n", text, StringComparison.Ordinal);
        Assert.Contains("\nEXAMPLES\n", text, StringComparison.Ordinal);
        Assert.Contains("\nSEE ALSO\n", text, StringComparison.Ordinal);

        // The repeated "## about_Sample_Topic" heading is folded into TOPIC instead of appearing a second time.
        Assert.Single(lines, line => line.Contains("about_Sample_Topic", StringComparison.Ordinal));
    }

    [Fact]
    public void Paragraphs_are_rejoined_and_wrapped_at_80_columns_with_four_space_indent()
    {
        // Only a single word too long for any line (a long web address) may exceed 80 columns.
        Assert.All(lines, line => Assert.True(line.Length <= 80 || !line.Trim().Contains(' ', StringComparison.Ordinal), $"'{line}' is longer than 80 columns"));
        var paragraph = lines.SkipWhile(line => line != "LONG DESCRIPTION").Skip(1).TakeWhile(line => line.Length > 0).ToList();
        Assert.True(paragraph.Count >= 3);
        Assert.All(paragraph, line => Assert.StartsWith("    ", line, StringComparison.Ordinal));
        var joined = string.Join(" ", paragraph.Select(line => line.Trim()));
        Assert.StartsWith("This is a long paragraph written over several source lines so that the converter must join the lines and then wrap them again", joined, StringComparison.Ordinal);
        Assert.EndsWith("It mentions Get-OmniBackend, emphasis, underscores and a link to the docs (https://example.org/docs).", joined, StringComparison.Ordinal);
    }

    [Fact]
    public void Subsections_lists_tables_and_code_are_laid_out_for_the_console()
    {
        Assert.Contains("    Opening storage\n    ---------------\n", text, StringComparison.Ordinal);

        // A long list item wraps with its continuation aligned under the item text.
        Assert.Contains("    - memory://name/prefix opens an in-memory store, which is useful for tests\n      and for trying things out without touching any disk.\n    - file:///data opens a folder.\n", text, StringComparison.Ordinal);

        Assert.Contains("    Backend  Scheme\n    -------  ---------\n    memory   memory://\n    file     file://\n", text, StringComparison.Ordinal);
        Assert.Contains("\n        Get-OmniBackend | Format-Table Name, Scheme\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_syntax_is_removed()
    {
        Assert.DoesNotContain("**", text, StringComparison.Ordinal);
        Assert.DoesNotContain("`", text, StringComparison.Ordinal);
        Assert.DoesNotContain("](", text, StringComparison.Ordinal);
        Assert.DoesNotContain("#", text, StringComparison.Ordinal);
        Assert.DoesNotContain("|", text.Replace("Get-OmniBackend | Format-Table", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("    - Get-OmniBackend\n", text, StringComparison.Ordinal);
        Assert.Contains("    - about_Providers\n      (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_providers)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Topic_has_no_carriage_returns_or_trailing_spaces()
    {
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.All(lines, line => Assert.Equal(line.TrimEnd(), line));
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }
}
