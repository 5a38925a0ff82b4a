using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Omnistorage.HelpBuilder.Tests;

/// <summary>
/// Feeds the builder's output to the real PowerShell help engine. A script module stands in for the binary module:
/// its function points at the MAML file with .ExternalHelp, which makes Get-Help read exactly the file the module build
/// ships, through the same MAML loader it uses for binary cmdlets.
/// </summary>
public sealed class GetHelpTests : IDisposable
{
    private const string ModuleName = "OmniHelpProbe";
    private readonly TemporaryDirectory directory = new();
    private readonly string modulePath;

    public GetHelpTests()
    {
        Fixtures.CopyTo(directory, "Read-OmniRecord.md", "about_Sample_Topic.md");
        var moduleFolder = directory.Combine("modules", ModuleName);
        var run = BuildRun.Execute(directory.Combine("md"), Path.Combine(moduleFolder, "en-US"));
        Assert.True(run.ExitCode == 0, run.Errors);

        modulePath = directory.WriteFile(Path.Combine("modules", ModuleName, ModuleName + ".psm1"), """
            function Read-OmniRecord {
                # .ExternalHelp Omnistorage.PowerShell.dll-Help.xml
                [CmdletBinding(DefaultParameterSetName = 'Path')]
                param(
                    [Parameter(Mandatory, Position = 0, ParameterSetName = 'Path', ValueFromPipeline, ValueFromPipelineByPropertyName)]
                    [SupportsWildcards()]
                    [string[]] $Path,
                    [Parameter(Mandatory, ParameterSetName = 'LiteralPath', ValueFromPipelineByPropertyName)]
                    [Alias('PSPath')]
                    [string[]] $LiteralPath,
                    [ValidateSet('Auto', 'Ndjson', 'LengthPrefixed')]
                    [string] $Format = 'Auto',
                    [Alias('Head', 'TotalCount')]
                    [long] $First,
                    [switch] $AsString
                )
            }
            Export-ModuleMember -Function Read-OmniRecord
            """);
    }

    public void Dispose() => directory.Dispose();

    private string Invoke(string script)
    {
        var state = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows())
        {
            // Execution policy exists only on Windows; elsewhere setting it throws PlatformNotSupportedException.
            state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }

        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.ThreadOptions = PSThreadOptions.UseCurrentThread;
        var previousCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        try
        {
            runspace.Open();
            using var shell = PowerShell.Create(runspace);
            shell.AddScript($"Import-Module -Name '{modulePath.Replace("'", "''", StringComparison.Ordinal)}'; {script}");
            var output = shell.Invoke();
            var errors = string.Join(Environment.NewLine, shell.Streams.Error.Select(error => error.ToString()));
            Assert.True(!shell.HadErrors, errors);
            return string.Join("\n", output.Select(item => item?.ToString()));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previousCulture;
        }
    }

    [Fact]
    public void Get_Help_reads_synopsis_syntax_parameters_examples_and_links_from_the_maml()
    {
        // The SDK package has no Out-String, so the test reads the help object PowerShell builds from the MAML.
        var help = Invoke("""
            $help = Get-Help Read-OmniRecord -Full
            'category=' + $help.Category
            'synopsis=' + $help.Synopsis
            'description=' + (($help.description | ForEach-Object { $_.Text.Trim() }) -join '|')
            'sets=' + (($help.syntax.syntaxItem | ForEach-Object { ($_.parameter | ForEach-Object name) -join ',' }) -join ' / ')
            $path = $help.parameters.parameter | Where-Object name -eq 'Path'
            'path=' + $path.required + ';' + $path.position + ';' + $path.pipelineInput + ';' + $path.globbing
            'first.aliases=' + ($help.parameters.parameter | Where-Object name -eq 'First').aliases
            'example.title=' + $help.examples.example[0].title
            'example.code=' + $help.examples.example[0].code
            'example.remarks=' + (($help.examples.example[1].remarks | ForEach-Object { $_.Text.Trim() }) -join '|')
            'links=' + (($help.relatedLinks.navigationLink | ForEach-Object { $_.linkText + '=' + $_.uri }) -join ',')
            'outputs=' + (($help.returnValues.returnValue | ForEach-Object { $_.type.name }) -join ',')
            'notes=' + (($help.alertSet.alert | ForEach-Object { $_.Text.Trim() }) -join '|')
            """);

        var lines = help.Split('\n');
        Assert.Contains("category=Function", lines);
        Assert.Contains("synopsis=Reads records from a record stream stored in any Omnistorage backend.", lines);
        Assert.Contains(lines, line => line.StartsWith("description=The Read-OmniRecord cmdlet reads a record stream", StringComparison.Ordinal) && line.Contains("|- .gz is read with gzip.|", StringComparison.Ordinal));
        Assert.Contains("sets=Path,Format,First,AsString / LiteralPath,Format,First,AsString", lines);
        Assert.Contains("path=true;0;True (ByPropertyName, ByValue);true", lines);
        Assert.Contains("first.aliases=Head, TotalCount", lines);
        Assert.Contains(lines, line => line.StartsWith("example.title=--", StringComparison.Ordinal) && line.Contains(" Example 1: Read every record of a log file ", StringComparison.Ordinal));
        Assert.Contains(@"example.code=PS C:\> Read-OmniRecord -Path 'logs:/2024/app.ndjson.gz'", lines);
        Assert.Contains("example.remarks=Pipes file items by property name and stops after ten records per file. The records are written as strings.", lines);
        Assert.Contains("links=Online Version:=https://example.org/omnistorage/Read-OmniRecord,Write-OmniRecord=,about_Omnistorage=,Record format=https://example.org/omnistorage/records", lines);
        Assert.Contains("outputs=System.Management.Automation.PSObject,System.String", lines);
        Assert.Contains("notes=Records are read as a stream; the whole file is never held in memory.", lines);
    }

    [Fact]
    public void Get_Help_finds_the_about_topic_next_to_the_module()
    {
        var help = Invoke("Get-Help about_Sample_Topic");

        Assert.Contains("SHORT DESCRIPTION", help, StringComparison.Ordinal);
        Assert.Contains("Explains how the sample topic is rendered.", help, StringComparison.Ordinal);
    }
}
