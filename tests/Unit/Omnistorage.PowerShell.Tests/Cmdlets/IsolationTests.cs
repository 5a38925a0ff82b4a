using System.Reflection;
using System.Runtime.Loader;
using Omnistorage.PowerShell.Tests.Hosting;

namespace Omnistorage.PowerShell.Tests.Cmdlets;

/// <summary>
/// The module must work in a process that has already loaded a different version of one of its dependencies, as a
/// session that imported another module first would have. <see cref="ConflictingDependency"/> puts a fake ZstdSharp
/// 0.1.0.0 into the default load context before any test runs.
/// </summary>
public sealed class IsolationTests
{
    [Fact]
    public void Zstd_records_work_beside_another_ZstdSharp_and_both_copies_stay_usable()
    {
        using var session = new PowerShellSession();
        using var temp = new TempDirectory();
        var file = temp.File("events.ndjson.zst");

        session.Run("1..50 | ForEach-Object { [pscustomobject]@{ Id = $_; Text = 'zstd ' * $_ } } | Write-OmniRecord -LiteralPath $args[0]", file);
        var ids = session.Run("Read-OmniRecord -LiteralPath $args[0] | ForEach-Object Id", file).Select(o => (int)o.BaseObject);

        Assert.Equal(Enumerable.Range(1, 50), ids);
        Assert.Equal(new byte[] { 0x28, 0xb5, 0x2f, 0xfd }, File.ReadAllBytes(file).Take(4));

        var copies = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == ConflictingDependency.AssemblyName).ToList();
        Assert.Equal(2, copies.Count);
        var host = Assert.Single(copies, a => a.GetName().Version == ConflictingDependency.Version);
        var module = Assert.Single(copies, a => a.GetName().Version != ConflictingDependency.Version);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(host));
        Assert.Equal("Omnistorage", AssemblyLoadContext.GetLoadContext(module)?.Name);
        Assert.True(module.GetName().Version > ConflictingDependency.Version);

        var describe = host.GetType(ConflictingDependency.MarkerType, throwOnError: true)!.GetMethod("Describe", BindingFlags.Public | BindingFlags.Static)!;
        Assert.Equal("the host's ZstdSharp " + ConflictingDependency.Version, describe.Invoke(null, null));
    }
}
