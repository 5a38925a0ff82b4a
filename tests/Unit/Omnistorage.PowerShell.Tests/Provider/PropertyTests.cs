using System.Management.Automation;

namespace Omnistorage.PowerShell.Tests.Provider;

/// <summary>Get-ItemProperty and Set-ItemProperty through the property intrinsics.</summary>
public sealed class PropertyTests : ProviderTestBase
{
    [Fact]
    public void Item_properties_describe_the_object()
    {
        NewFile($"{Local}:\\p.txt", "12345");
        var properties = Assert.Single(Provider.Property.Get($"{Local}:\\p.txt", []));
        Assert.Equal(5L, properties.Properties["Length"].Value);
        Assert.NotNull(properties.Properties["LastWriteTime"].Value);
        var picked = Assert.Single(Provider.Property.Get($"{Local}:\\p.txt", ["Len*"]));
        Assert.Equal(["Length"], picked.Properties.Where(p => !p.Name.StartsWith("PS", StringComparison.Ordinal)).Select(p => p.Name));
    }

    [Fact]
    public void Last_write_time_can_be_set_where_the_backend_allows_it()
    {
        NewFile($"{Local}:\\t.txt", "t");
        var when = new DateTime(2020, 5, 17, 10, 30, 0, DateTimeKind.Utc);
        var value = new PSObject();
        value.Properties.Add(new PSNoteProperty("LastWriteTimeUtc", when));
        Provider.Property.Set($"{Local}:\\t.txt", value);
        Assert.Equal(when, File.GetLastWriteTimeUtc(Temp.File("t.txt")));
    }

    [Fact]
    public void Other_properties_are_refused_as_unsupported()
    {
        NewFile($"{Memory}:\\u.txt", "u");
        var value = new PSObject();
        value.Properties.Add(new PSNoteProperty("ContentType", "text/plain"));
        var ex = Assert.ThrowsAny<Exception>(() => Provider.Property.Set($"{Memory}:\\u.txt", value));
        AssertStorageError(ex, "Unsupported");
    }
}
