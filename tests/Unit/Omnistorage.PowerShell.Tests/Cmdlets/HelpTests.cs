using System.Management.Automation;
using Omnistorage.PowerShell.Tests.Hosting;

namespace Omnistorage.PowerShell.Tests.Cmdlets;

/// <summary>Every exported command has real help: built by the module build from docs/cmdlets into en-US/*.dll-Help.xml.</summary>
public sealed class HelpTests : IDisposable
{
    private readonly PowerShellSession _session = new();

    public void Dispose() => _session.Dispose();

    public static TheoryData<string> ExportedCommands() => new(CommandNames());

    private static List<string> CommandNames()
    {
        using var session = new PowerShellSession();
        return session.Run("Get-Command -Module Omnistorage | ForEach-Object Name").Select(command => (string)command.BaseObject).ToList();
    }

    [Fact]
    public void The_module_exports_its_cmdlets()
    {
        Assert.Superset(
            new HashSet<string> { "Get-OmniObjectInfo", "Write-OmniRecord", "Read-OmniRecord", "Get-OmniBackend", "Register-OmniBackend" },
            CommandNames().ToHashSet());
    }

    [Theory]
    [MemberData(nameof(ExportedCommands))]
    public void Every_command_has_a_synopsis_an_example_and_help_for_each_parameter(string name)
    {
        var help = Assert.Single(_session.Run("Get-Help -Name $args[0] -Full", name));

        var synopsis = ((string?)help.Properties["Synopsis"]?.Value ?? string.Empty).Trim();
        Assert.False(string.IsNullOrEmpty(synopsis), $"{name} has no synopsis");

        // Without a help file Get-Help makes the synopsis out of the syntax, which starts with the command name.
        Assert.False(synopsis.StartsWith(name, StringComparison.OrdinalIgnoreCase), $"{name} has no help file entry: its synopsis is the syntax '{synopsis}'");

        var examples = _session.Run("@($args[0].examples.example).Count", help);
        Assert.True((int)examples[0].BaseObject >= 1, $"{name} has no example");

        var documented = _session.Run("@($args[0].parameters.parameter | ForEach-Object name)", help).Select(p => (string)p.BaseObject).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var declared = _session.Run(
            "$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters; (Get-Command -Name $args[0]).Parameters.Keys | Where-Object { $_ -notin $common }",
            name).Select(p => (string)p.BaseObject);
        Assert.All(declared, parameter => Assert.True(documented.Contains(parameter), $"{name} -{parameter} has no help entry"));
    }
}
