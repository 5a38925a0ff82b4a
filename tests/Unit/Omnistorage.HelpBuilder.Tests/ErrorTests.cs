namespace Omnistorage.HelpBuilder.Tests;

/// <summary>Pages the build must refuse: it names the file and the section, exits 1 and writes nothing.</summary>
public sealed class ErrorTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private BuildRun BuildSinglePage(string page, string fileName = "Get-OmniThing.md")
    {
        directory.WriteFile(Path.Combine("md", fileName), page);
        return BuildRun.Execute(directory.Combine("md"), directory.Combine("out"));
    }

    private void AssertNothingWritten() => Assert.False(Directory.Exists(directory.Combine("out")), "the output folder must not be created when the build fails");

    [Fact]
    public void The_minimal_page_used_by_these_tests_is_valid()
    {
        var run = BuildSinglePage(Fixtures.MinimalPage());
        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.True(File.Exists(directory.Combine("out", "Omnistorage.PowerShell.dll-Help.xml")));
    }

    [Fact]
    public void Missing_synopsis_fails_naming_file_and_section()
    {
        var run = BuildSinglePage(Fixtures.MinimalPage(synopsis: string.Empty));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Get-OmniThing.md", run.Errors, StringComparison.Ordinal);
        Assert.Contains("[SYNOPSIS]", run.Errors, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void Placeholder_synopsis_fails()
    {
        var run = BuildSinglePage(Fixtures.MinimalPage(synopsis: "## SYNOPSIS\n{{ Fill in the Synopsis }}\n"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("placeholder", run.Errors, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void Page_without_examples_fails()
    {
        var run = BuildSinglePage(Fixtures.MinimalPage(examples: "## EXAMPLES\n"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Get-OmniThing.md", run.Errors, StringComparison.Ordinal);
        Assert.Contains("[EXAMPLES]", run.Errors, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void Example_without_code_fails()
    {
        var run = BuildSinglePage(Fixtures.MinimalPage(examples: "## EXAMPLES\n\n### Example 1: Nothing\nJust words.\n"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("[EXAMPLES Example 1: Nothing]", run.Errors, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void Example_code_placeholder_fails()
    {
        var run = BuildSinglePage(Fixtures.MinimalPage(examples: "## EXAMPLES\n\n### Example 1\n```powershell\nPS C:\\> {{ Add example code here }}\n```\n\nWords.\n"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("[EXAMPLES Example 1]", run.Errors, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void Parameter_without_yaml_fails_naming_the_parameter()
    {
        var run = BuildSinglePage(Fixtures.MinimalPage(parameterYaml: string.Empty));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Get-OmniThing.md", run.Errors, StringComparison.Ordinal);
        Assert.Contains("[PARAMETERS -Name]", run.Errors, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void Invalid_yaml_values_fail()
    {
        var yaml = "```yaml\nType: String\nParameter Sets: (All)\nRequired: Maybe\nPosition: first\n```\n";
        var run = BuildSinglePage(Fixtures.MinimalPage(parameterYaml: yaml));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Required: Maybe", run.Errors, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void Page_without_title_fails()
    {
        var page = Fixtures.MinimalPage().Replace("# Get-OmniThing\n", string.Empty, StringComparison.Ordinal);
        var run = BuildSinglePage(page);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("[title]", run.Errors, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void Every_problem_of_every_page_is_reported_and_a_previous_output_is_left_untouched()
    {
        var previous = directory.WriteFile("out/Omnistorage.PowerShell.dll-Help.xml", "previous build");
        directory.WriteFile("md/Get-OmniGood.md", Fixtures.MinimalPage(name: "Get-OmniGood"));
        directory.WriteFile("md/Get-OmniFirst.md", Fixtures.MinimalPage(name: "Get-OmniFirst", synopsis: string.Empty));
        directory.WriteFile("md/Get-OmniSecond.md", Fixtures.MinimalPage(name: "Get-OmniSecond", examples: string.Empty, parameterYaml: string.Empty));
        directory.WriteFile("md/about_Broken.md", "# about_Broken\n\n## LONG DESCRIPTION\nText.\n");

        var run = BuildRun.Execute(directory.Combine("md"), directory.Combine("out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Get-OmniFirst.md", run.Errors, StringComparison.Ordinal);
        Assert.Contains("Get-OmniSecond.md", run.Errors, StringComparison.Ordinal);
        Assert.Contains("[EXAMPLES]", run.Errors, StringComparison.Ordinal);
        Assert.Contains("[PARAMETERS -Name]", run.Errors, StringComparison.Ordinal);
        Assert.Contains("about_Broken.md", run.Errors, StringComparison.Ordinal);
        Assert.Contains("[SHORT DESCRIPTION]", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Get-OmniGood.md", run.Errors, StringComparison.Ordinal);
        Assert.Equal("previous build", File.ReadAllText(previous));
        Assert.Single(Directory.GetFiles(directory.Combine("out")));
    }

    [Fact]
    public void Two_pages_for_the_same_cmdlet_fail()
    {
        directory.WriteFile("md/Get-OmniThing.md", Fixtures.MinimalPage());
        directory.WriteFile("md/Get-OmniThing-copy.md", Fixtures.MinimalPage());
        var run = BuildRun.Execute(directory.Combine("md"), directory.Combine("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("more than one page", run.Errors, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void Missing_markdown_folder_writes_an_empty_but_valid_help_file_with_a_warning()
    {
        var run = BuildRun.Execute(directory.Combine("does-not-exist"), directory.Combine("out"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning", run.Errors, StringComparison.Ordinal);
        var maml = MamlDocument.Load(directory.Combine("out", "Omnistorage.PowerShell.dll-Help.xml"));
        Assert.Equal("helpItems", maml.Document.DocumentElement!.LocalName);
        Assert.Empty(maml.Nodes("//command:command"));
    }

    [Fact]
    public void Folder_with_only_a_readme_writes_an_empty_help_file()
    {
        directory.WriteFile("md/README.md", "# Cmdlet help\n\nNot a cmdlet page.\n");
        var run = BuildRun.Execute(directory.Combine("md"), directory.Combine("out"));
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(MamlDocument.Load(directory.Combine("out", "Omnistorage.PowerShell.dll-Help.xml")).Nodes("//command:command"));
    }

    [Fact]
    public void Inconsistencies_that_Get_Help_can_survive_are_warnings_and_the_build_succeeds()
    {
        var page = Fixtures.MinimalPage()
            .Replace("[-Name] <String> [<CommonParameters>]", "[-Name] <String> [-Missing] [<CommonParameters>]", StringComparison.Ordinal)
            .Replace("## NOTES", "## EXAMPLE\n\nA misspelt section.\n\n## NOTES", StringComparison.Ordinal);

        var run = BuildSinglePage(page, "Get-OmniOther.md");

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Contains("warning: [SYNTAX] the syntax names -Missing", run.Errors, StringComparison.Ordinal);
        Assert.Contains("warning: [EXAMPLE]", run.Errors, StringComparison.Ordinal);
        Assert.Contains("warning: [title] the page documents 'Get-OmniThing' but the file is named 'Get-OmniOther.md'", run.Errors, StringComparison.Ordinal);
        var maml = MamlDocument.Load(directory.Combine("out", "Omnistorage.PowerShell.dll-Help.xml"));
        Assert.Equal(["Name"], maml.Texts("//command:syntaxItem/command:parameter/maml:name"));
    }
}
