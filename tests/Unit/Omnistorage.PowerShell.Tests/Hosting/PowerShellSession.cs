using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace Omnistorage.PowerShell.Tests.Hosting;

/// <summary>
/// One runspace of the real PowerShell engine with the BUILT module imported from its module folder (the layout the
/// build produces in src/Omnistorage.PowerShell/bin/&lt;Configuration&gt;/net8.0/module/Omnistorage). The hosted
/// engine has no Get-ChildItem, Copy-Item or New-PSDrive: tests reach the provider through <see cref="State"/>'s
/// intrinsics (the calls those cmdlets make) and run our cmdlets in scripts.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    static PowerShellSession()
    {
        Environment.SetEnvironmentVariable("POWERSHELL_TELEMETRY_OPTOUT", "1");
        Environment.SetEnvironmentVariable("POWERSHELL_UPDATECHECK", "Off");
    }

    public PowerShellSession(bool importModule = true)
    {
        var initial = InitialSessionState.CreateDefault2();
        Runspace = RunspaceFactory.CreateRunspace(Host, initial);
        Runspace.Open();
        if (importModule) Run("Import-Module -Name $args[0] -ErrorAction Stop", ModuleManifest);
    }

    /// <summary>The built module's manifest (set at build time by the test project).</summary>
    public static string ModuleManifest { get; } = Metadata("OmniModulePath");

    /// <summary>The repository root (for docs/ and tests/Pester).</summary>
    public static string RepositoryRoot { get; } = Metadata("OmniRepositoryRoot");

    public RecordingHost Host { get; } = new();

    public Runspace Runspace { get; }

    public SessionStateProxy State => Runspace.SessionStateProxy;

    public ProviderInfo OmniProvider => State.Provider.GetOne("Omni");

    /// <summary>Creates a global Omni drive the way New-PSDrive does (no dynamic parameters: options go in the URI).</summary>
    public PSDriveInfo NewDrive(string name, string root, PSCredential? credential = null) =>
        State.Drive.New(new PSDriveInfo(name, OmniProvider, root, "test drive", credential), "global");

    /// <summary>Runs a script; any error record fails the test with every message. <c>$args</c> holds <paramref name="arguments"/>.</summary>
    public Collection<PSObject> Run(string script, params object?[] arguments)
    {
        var (output, errors) = RunAllowingErrors(script, arguments);
        if (errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("The script wrote errors:\n" + string.Join("\n", errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        }

        return output;
    }

    /// <summary>Runs a script and returns its output and error records; terminating errors still throw.</summary>
    public (Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors) RunAllowingErrors(string script, params object?[] arguments)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = Runspace;
        shell.AddScript(script);
        foreach (var argument in arguments) shell.AddArgument(argument);
        var output = shell.Invoke();
        return (output, shell.Streams.Error.ToList());
    }

    /// <summary>Runs a script with its own PowerShell instance so a test can call <c>Stop()</c> on it.</summary>
    public System.Management.Automation.PowerShell Prepare(string script, params object?[] arguments)
    {
        var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = Runspace;
        shell.AddScript(script);
        foreach (var argument in arguments) shell.AddArgument(argument);
        return shell;
    }

    public void Dispose() => Runspace.Dispose();

    private static string Metadata(string key) =>
        typeof(PowerShellSession).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}

/// <summary>A fresh temporary directory, removed on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "omni-ps-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Uri => "file://" + Path;

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary>Random names so tests never share memory stores or drives.</summary>
public static class Names
{
    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    public static IDictionary Hashtable(params (string Key, object? Value)[] pairs)
    {
        var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in pairs) table[key] = value;
        return table;
    }
}
