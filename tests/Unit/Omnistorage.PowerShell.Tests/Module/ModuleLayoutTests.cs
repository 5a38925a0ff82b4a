using System.Management.Automation;
using Omnistorage.PowerShell.Tests.Hosting;

namespace Omnistorage.PowerShell.Tests.Module;

/// <summary>The built module folder, its manifest, and where its assemblies load.</summary>
public sealed class ModuleLayoutTests
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(PowerShellSession.ModuleManifest)!;

    [Fact]
    public void Only_the_cmdlet_assembly_sits_at_the_root_and_everything_it_loads_is_in_dependencies()
    {
        var rootAssemblies = Directory.GetFiles(ModuleDirectory, "*.dll").Select(Path.GetFileName);
        Assert.Equal(["Omnistorage.PowerShell.dll"], rootAssemblies);
        var dependencies = Directory.GetFiles(Path.Combine(ModuleDirectory, "Dependencies"), "*.dll").Select(Path.GetFileName).ToList();
        Assert.Contains("Omnistorage.Core.dll", dependencies);
        Assert.Contains("Omnistorage.Backends.File.dll", dependencies);
        Assert.Contains("ZstdSharp.dll", dependencies);
        Assert.DoesNotContain("System.Management.Automation.dll", dependencies);
        Assert.True(File.Exists(Path.Combine(ModuleDirectory, "en-US", "Omnistorage.PowerShell.dll-Help.xml")));
        Assert.True(File.Exists(Path.Combine(ModuleDirectory, "Omnistorage.format.ps1xml")));
    }

    [Fact]
    public void The_manifest_passes_test_module_manifest_and_lists_exports_explicitly()
    {
        using var session = new PowerShellSession(importModule: false);
        var manifest = Assert.Single(session.Run("Test-ModuleManifest -Path $args[0] -ErrorAction Stop", PowerShellSession.ModuleManifest));
        Assert.Equal("Omnistorage", manifest.Properties["Name"].Value);
        Assert.Equal(new Version(0, 2, 0), manifest.Properties["Version"].Value);
        var editions = (IEnumerable<string>)manifest.Properties["CompatiblePSEditions"].Value;
        Assert.Equal(["Core"], editions);
        Assert.Equal(new Version(7, 4), manifest.Properties["PowerShellVersion"].Value);
        var text = File.ReadAllText(PowerShellSession.ModuleManifest);
        Assert.DoesNotContain("'*'", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Importing_exports_exactly_the_listed_cmdlets_and_the_omni_provider()
    {
        using var session = new PowerShellSession();
        var commands = session.Run("Get-Command -Module Omnistorage | ForEach-Object Name").Select(o => o.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(["Compare-OmniItem", "Find-OmniDuplicate", "Get-OmniBackend", "Get-OmniContent", "Get-OmniObjectInfo", "Read-OmniRecord", "Register-OmniBackend", "Remove-OmniDuplicate", "Sync-OmniItem", "Write-OmniRecord"], commands);
        Assert.Equal("Omni", session.OmniProvider.Name);
        Assert.True(session.OmniProvider.Capabilities.HasFlag(System.Management.Automation.Provider.ProviderCapabilities.ShouldProcess));
        Assert.True(session.OmniProvider.Capabilities.HasFlag(System.Management.Automation.Provider.ProviderCapabilities.Filter));
        Assert.True(session.OmniProvider.Capabilities.HasFlag(System.Management.Automation.Provider.ProviderCapabilities.Credentials));
    }

    [Fact]
    public void Core_loads_in_the_module_context_and_not_from_the_default_one()
    {
        using var session = new PowerShellSession();
        session.NewDrive(Names.Unique("iso"), "memory://" + Names.Unique("iso"));
        var core = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Omnistorage.Core").ToList();
        var loaded = Assert.Single(core);
        Assert.Equal("Omnistorage", System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(loaded)!.Name);
        Assert.StartsWith(Path.Combine(ModuleDirectory, "Dependencies"), loaded.Location, StringComparison.Ordinal);
    }
}
