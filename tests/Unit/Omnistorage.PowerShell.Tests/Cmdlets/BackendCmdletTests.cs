using System.Management.Automation;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using Omnistorage.PowerShell.Tests.Hosting;
using static Omnistorage.PowerShell.Tests.Cmdlets.CmdletAssert;

namespace Omnistorage.PowerShell.Tests.Cmdlets;

public sealed class BackendCmdletTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        _session.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Lists_the_built_in_backends_with_schemes_and_capabilities()
    {
        var backends = _session.Run("Get-OmniBackend").ToDictionary(b => (string)Property(b, "Name")!);

        Assert.Superset(new HashSet<string> { "channel", "file", "memory", "multi" }, backends.Keys.ToHashSet());
        var memory = backends["memory"];
        Assert.Equal(["memory", "mem"], (string[])Property(memory, "Schemes")!);
        var capabilities = (string[])Property(memory, "Capabilities")!;
        Assert.Contains("Append", capabilities);
        Assert.Contains("NativeHashes", capabilities);
        Assert.Contains("RecursiveListing", capabilities);
        Assert.Empty((string[])Property(backends["channel"], "Capabilities")!);
        Assert.EndsWith("Omnistorage.Backends.Memory.dll", (string)Property(memory, "AssemblyPath")!, StringComparison.Ordinal);
        Assert.Null(Property(memory, "Features"));
    }

    [Fact]
    public void Describes_options_with_their_New_PSDrive_parameter_names()
    {
        var options = _session.Run("(Get-OmniBackend -Name file).Options").ToDictionary(o => (string)Property(o, "Name")!);

        var createRoot = options["create-root"];
        Assert.Equal("CreateRoot", Property(createRoot, "ParameterName"));
        Assert.Equal("Boolean", Property(createRoot, "Type"));
        Assert.Equal(true, Property(createRoot, "Default"));
        Assert.Equal("OMNI_FILE_CREATE_ROOT", Property(createRoot, "EnvironmentVariable"));
        Assert.Equal("file", Property(createRoot, "Backend"));

        // The root comes from New-PSDrive's own -Root, so it has no dynamic parameter.
        Assert.Null(Property(options["root"], "ParameterName"));
        Assert.Equal(true, Property(options["root"], "IsRequired"));
    }

    [Fact]
    public void Name_takes_wildcards_and_lists_each_backend_once()
    {
        var names = _session.Run("Get-OmniBackend -Name m*, memory | ForEach-Object Name").Select(o => (string)o.BaseObject);

        Assert.Equal(["memory", "multi"], names);
    }

    [Fact]
    public void An_unknown_name_is_OmniBackendNotFound()
    {
        var (output, errors) = _session.RunAllowingErrors("Get-OmniBackend -Name memory, nosuchbackend");

        SingleError(errors, "OmniBackendNotFound");
        Assert.Equal("memory", Property(Assert.Single(output), "Name"));
    }

    [Fact]
    public void Drive_describes_the_backend_behind_a_drive_with_its_live_features()
    {
        var drive = Names.Unique("be");
        _session.NewDrive(drive, $"memory://{drive}/sub");

        var info = Assert.Single(_session.Run("Get-OmniBackend -Drive $args[0]", drive + ":"));

        Assert.Equal("memory", Property(info, "Name"));
        Assert.Equal(drive, Property(info, "Drive"));
        Assert.Equal($"memory://{drive}/sub", Property(info, "Root"));
        var features = PSObject.AsPSObject(Assert.IsAssignableFrom<object>(info.Properties["Features"].Value));
        Assert.Equal(true, Property(features, "CanAppend"));
        Assert.Equal("memory", Property(features, "Name"));
        Assert.Contains("Append", (string[])Property(info, "Capabilities")!);
    }

    [Fact]
    public void An_unknown_drive_is_OmniNoDrive()
    {
        var (output, errors) = _session.RunAllowingErrors("Get-OmniBackend -Drive nosuchdrive");

        SingleError(errors, "OmniNoDrive");
        Assert.Empty(output);
    }

    [Fact]
    public void The_default_view_is_a_table_of_backends()
    {
        _session.Run("Get-OmniBackend -Name memory, file | Out-Default");

        var text = string.Concat(_session.Host.Ui.Lines);
        Assert.Contains("Capabilities", text, StringComparison.Ordinal);
        Assert.Contains("memory, mem", text, StringComparison.Ordinal);
        Assert.Contains("ServerSideCopy, ServerSideMove", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_shown_as_a_table_with_their_New_PSDrive_parameters()
    {
        _session.Run("(Get-OmniBackend -Name file).Options | Out-Default");

        var text = string.Concat(_session.Host.Ui.Lines);
        Assert.Contains("Backend: file", text, StringComparison.Ordinal);
        Assert.Contains("Parameter", text, StringComparison.Ordinal);
        Assert.Contains("-CreateRoot", text, StringComparison.Ordinal);
        Assert.Contains("required", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Backend_names_complete()
    {
        var matches = _session.Run("[System.Management.Automation.CommandCompletion]::CompleteInput('Get-OmniBackend -Name me', 24, $null).CompletionMatches | ForEach-Object CompletionText");

        Assert.Equal(["memory"], matches.Select(m => (string)m.BaseObject));
    }

    [Fact]
    public void Omni_drive_names_complete()
    {
        var prefix = Names.Unique("cmp");
        _session.NewDrive(prefix + "a", "memory:///");
        _session.NewDrive(prefix + "b", "memory:///");

        var matches = _session.Run(
            "$line = 'Get-OmniBackend -Drive ' + $args[0]; [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null).CompletionMatches | ForEach-Object CompletionText",
            prefix);

        Assert.Equal([prefix + "a", prefix + "b"], matches.Select(m => (string)m.BaseObject));
    }

    [Fact]
    public void Registers_an_external_backend_that_then_works_as_a_drive()
    {
        var registered = Assert.Single(_session.Run("Register-OmniBackend -LiteralPath $args[0]", SampleBackendAssembly.Path));

        Assert.Equal("sample", Property(registered, "Name"));
        Assert.Equal(SampleBackendAssembly.Path, Property(registered, "AssemblyPath"));
        Assert.Empty((string[])Property(registered, "Capabilities")!);
        var readOnly = _session.Run("(Get-OmniBackend -Name sample).Options | Where-Object Name -EQ 'read-only'");
        Assert.Equal("ReadOnly", Property(Assert.Single(readOnly), "ParameterName"));
        Assert.Equal("OMNI_SAMPLE_READ_ONLY", Property(readOnly[0], "EnvironmentVariable"));

        var drive = Names.Unique("smp");
        _session.NewDrive(drive, $"sample://{drive}");
        _session.Run("@{ id = 1 }, @{ id = 2 } | Write-OmniRecord -Path $args[0]", $"{drive}:\\data\\ids.ndjson");
        Assert.Equal([1, 2], _session.Run("Read-OmniRecord -Path $args[0] | ForEach-Object id", $"{drive}:\\data\\ids.ndjson").Select(o => o.BaseObject));
        Assert.Equal("sample", Property(Assert.Single(_session.Run("Get-OmniBackend -Name sample")), "Name"));

        // The backend binds to the module's Omnistorage.Core: the only copy in the process, in the module's context.
        var plugin = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "Omnistorage.TestBackend");
        Assert.Equal("Omnistorage", AssemblyLoadContext.GetLoadContext(plugin)?.Name);
        var core = Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Omnistorage.Core");
        Assert.Equal("Omnistorage", AssemblyLoadContext.GetLoadContext(core)?.Name);
    }

    [Fact]
    public void Credential_reaches_the_backends_user_and_secret_options_and_the_secret_is_never_shown()
    {
        _session.Run("Register-OmniBackend -LiteralPath $args[0]", SampleBackendAssembly.Path);
        static System.Management.Automation.PSCredential Credential(string user, string password)
        {
            var secure = new System.Security.SecureString();
            foreach (var c in password) secure.AppendChar(c);
            return new System.Management.Automation.PSCredential(user, secure);
        }

        var name = Names.Unique("cred");
        var drive = _session.NewDrive(name, $"sample://{name}", Credential("alice", "ecila"));
        var options = (IReadOnlyDictionary<string, string>)drive.GetType().GetProperty("Options")!.GetValue(drive)!;
        Assert.Equal("alice", options["user"]);
        Assert.Equal("***", options["password"]);

        var ex = Assert.ThrowsAny<Exception>(() => _session.NewDrive(Names.Unique("cred"), $"sample://{name}", Credential("alice", "wrong")));
        Assert.Equal("OmniAccessDenied", ((System.Management.Automation.IContainsErrorRecord)ex).ErrorRecord.FullyQualifiedErrorId.Split(',')[0]);
        Assert.DoesNotContain("wrong", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_the_same_assembly_again_is_harmless()
    {
        _session.Run("Register-OmniBackend -LiteralPath $args[0]", SampleBackendAssembly.Path);

        var again = _session.Run("Register-OmniBackend -Path $args[0]", SampleBackendAssembly.Path);

        Assert.Equal("sample", Property(Assert.Single(again), "Name"));
        Assert.Single(_session.Run("Get-OmniBackend -Name sample"));
    }

    [Fact]
    public void Append_on_a_backend_that_cannot_append_is_OmniUnsupported()
    {
        _session.Run("Register-OmniBackend -LiteralPath $args[0]", SampleBackendAssembly.Path);
        var drive = Names.Unique("smp");
        _session.NewDrive(drive, $"sample://{drive}");

        var (_, errors) = _session.RunAllowingErrors("1, 2 | Write-OmniRecord -Path $args[0] -Append", $"{drive}:\\log.ndjson");

        SingleError(errors, "OmniUnsupported");
        Assert.False(_session.State.InvokeProvider.Item.Exists($"{drive}:\\log.ndjson"));
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_OmniInvalidArgument()
    {
        var file = _temp.File("not-an-assembly.dll");
        File.WriteAllText(file, "this is text");

        var (output, errors) = _session.RunAllowingErrors("Register-OmniBackend -LiteralPath $args[0]", file);

        SingleError(errors, "OmniInvalidArgument");
        Assert.Empty(output);
    }

    [Fact]
    public void An_assembly_without_backends_is_OmniInvalidArgument()
    {
        var file = EmptyAssembly("Omni.NoBackends" + Guid.NewGuid().ToString("N")[..8]);

        var (_, errors) = _session.RunAllowingErrors("Register-OmniBackend -Path $args[0]", file);

        Assert.Contains("declares no backend", SingleError(errors, "OmniInvalidArgument").Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_assembly_is_OmniItemNotFound()
    {
        var (_, errors) = _session.RunAllowingErrors("Register-OmniBackend -LiteralPath $args[0]", _temp.File("missing.dll"));

        SingleError(errors, "OmniItemNotFound");
    }

    [Fact]
    public void WhatIf_loads_nothing()
    {
        var name = "Omni.WhatIf" + Guid.NewGuid().ToString("N")[..8];
        var file = EmptyAssembly(name);

        var (output, errors) = _session.RunAllowingErrors("Register-OmniBackend -LiteralPath $args[0] -WhatIf", file);

        Assert.Empty(errors);
        Assert.Empty(output);
        Assert.Contains(file, Assert.Single(WhatIfLines(_session)), StringComparison.Ordinal);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == name);
    }

    /// <summary>A valid assembly that declares no backend, written to the temp folder.</summary>
    private string EmptyAssembly(string name)
    {
        var path = _temp.File(name + ".dll");
        var builder = new PersistedAssemblyBuilder(new AssemblyName(name), typeof(object).Assembly);
        builder.DefineDynamicModule(name).DefineType(name + ".Nothing", TypeAttributes.Public).CreateType();
        builder.Save(path);
        return path;
    }
}
