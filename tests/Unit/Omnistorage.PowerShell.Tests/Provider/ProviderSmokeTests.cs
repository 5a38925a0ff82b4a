using System.Management.Automation;
using Omnistorage.PowerShell.Tests.Hosting;

namespace Omnistorage.PowerShell.Tests.Provider;

public sealed class ProviderSmokeTests : IDisposable
{
    private readonly PowerShellSession _session = new();

    public void Dispose() => _session.Dispose();

    [Fact]
    public void A_memory_drive_round_trips_an_item_through_the_intrinsics()
    {
        var name = Names.Unique("m");
        _session.NewDrive(name, $"memory://{name}/logs");
        _session.State.InvokeProvider.Item.New($"{name}:\\2026", "a.txt", "File", "hello");
        var items = _session.State.InvokeProvider.ChildItem.Get($"{name}:\\", recurse: true);
        Assert.Contains(items, i => (string)i.Properties["PSChildName"].Value == "a.txt");
        var file = Assert.Single(_session.State.InvokeProvider.Item.Get($"{name}:/2026/a.txt"));
        Assert.Equal(5L, file.Properties["Length"].Value);
        Assert.Equal($"Omnistorage.PowerShell\\Omni::memory://{name}/logs/2026/a.txt", file.Properties["PSPath"].Value);
    }
}
