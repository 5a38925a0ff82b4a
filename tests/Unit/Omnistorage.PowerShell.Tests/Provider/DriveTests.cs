using System.Collections;
using System.Management.Automation;
using System.Security;
using Omnistorage.PowerShell.Tests.Hosting;

namespace Omnistorage.PowerShell.Tests.Provider;

/// <summary>New-PSDrive: roots, dynamic parameters generated from backend options, -Option and -Credential.</summary>
public sealed class DriveTests : ProviderTestBase
{
    [Fact]
    public void Backend_options_are_dynamic_parameters_named_in_pascal_case()
    {
        var store = Names.Unique("dyn");
        var drive = ProviderContextCalls.NewDrive(Session, Names.Unique("d"), $"memory://{store}", null, parameters =>
        {
            Assert.True(parameters.ContainsKey("Prefix"));
            Assert.True(parameters.ContainsKey("Option"));
            Assert.False(parameters.ContainsKey("Name"));   // New-PSDrive's own -Name wins; the option stays reachable through the URI.
            parameters["Prefix"].Value = "inner/area";
        });
        NewFile($"{drive.Name}:\\x.txt", "x");
        // The option moved the drive's root inside the store: a drive on the store's root sees the file below it.
        var whole = Names.Unique("w");
        Session.NewDrive(whole, $"memory://{store}");
        Assert.True(Provider.Item.Exists($"{whole}:\\inner\\area\\x.txt"));
    }

    [Fact]
    public void The_option_hashtable_passes_any_backend_option_by_its_own_name()
    {
        var store = Names.Unique("opt");
        var drive = ProviderContextCalls.NewDrive(Session, Names.Unique("d"), $"memory://{store}", null, parameters =>
            parameters["Option"].Value = new Hashtable { ["prefix"] = "via-option" });
        NewFile($"{drive.Name}:\\y.txt", "y");
        var whole = Names.Unique("w");
        Session.NewDrive(whole, $"memory://{store}");
        Assert.True(Provider.Item.Exists($"{whole}:\\via-option\\y.txt"));
    }

    [Fact]
    public void A_credential_on_a_backend_without_credentials_is_refused_clearly()
    {
        using var password = new SecureString();
        password.AppendChar('p');
        var credential = new PSCredential("user", password);
        var ex = Assert.ThrowsAny<Exception>(() => ProviderContextCalls.NewDrive(Session, Names.Unique("d"), "memory://" + Names.Unique("c"), credential, _ => { }));
        Assert.Contains("takes no credential", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_local_path_root_opens_the_file_backend()
    {
        var name = Names.Unique("p");
        var drive = Session.NewDrive(name, Temp.Path);
        Assert.Equal(Temp.Uri, drive.Root);
        NewFile($"{name}:\\plain.txt", "plain");
        Assert.Equal("plain", File.ReadAllText(Temp.File("plain.txt")));
    }

    [Fact]
    public void Removing_a_drive_releases_it_and_its_paths_no_longer_resolve()
    {
        var name = Names.Unique("r");
        Session.NewDrive(name, "memory://" + Names.Unique("r"));
        Session.State.Drive.Remove(name, force: true, "global");
        Assert.ThrowsAny<System.Management.Automation.DriveNotFoundException>(() => Provider.Item.Exists($"{name}:\\x"));
    }
}
