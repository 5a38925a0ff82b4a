using Omnistorage.PowerShell.Tests.Hosting;

namespace Omnistorage.PowerShell.Tests.Provider;

/// <summary>Get-ChildItem's -Filter, -Include, -Exclude, -Name, -File and -Directory, as the cmdlet passes them.</summary>
public sealed class FilterTests : ProviderTestBase
{
    public FilterTests()
    {
        NewFile($"{Memory}:\\2026\\11\\app.ndjson.gz", "1");
        NewFile($"{Memory}:\\2026\\11\\app.log", "2");
        NewFile($"{Memory}:\\2026\\12\\web.ndjson.gz", "3");
        NewFile($"{Memory}:\\2026\\readme.txt", "4");
    }

    [Fact]
    public void Filter_matches_names_at_every_level_of_a_recursive_listing()
    {
        var (items, errors) = ProviderContextCalls.GetChildItems(Session, $"{Memory}:\\2026", recurse: true, filter: "*.gz");
        Assert.Empty(errors);
        Assert.Equal(["11/app.ndjson.gz", "12/web.ndjson.gz"], items.Select(i => Property<string>(i, "StoragePath")[5..]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Include_and_exclude_are_applied_to_recursive_listings()
    {
        var (included, _) = ProviderContextCalls.GetChildItems(Session, $"{Memory}:\\2026", recurse: true, include: ["*.log", "*.txt"]);
        Assert.Equal(["app.log", "readme.txt"], included.Select(Name).Order(StringComparer.Ordinal));
        var (excluded, _) = ProviderContextCalls.GetChildItems(Session, $"{Memory}:\\2026", recurse: true, exclude: ["*.gz"]);
        Assert.Equal(["11", "12", "app.log", "readme.txt"], excluded.Select(Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void File_and_directory_switches_select_the_item_kind()
    {
        var files = Parameters(file: true);
        var (onlyFiles, _) = ProviderContextCalls.GetChildItems(Session, $"{Memory}:\\2026", recurse: true, dynamicParameters: files);
        Assert.All(onlyFiles, i => Assert.False(Property<bool>(i, "PSIsContainer")));
        Assert.Equal(4, onlyFiles.Count);
        var (onlyDirectories, _) = ProviderContextCalls.GetChildItems(Session, $"{Memory}:\\2026", recurse: true, dynamicParameters: Parameters(directory: true));
        Assert.Equal(["11", "12"], onlyDirectories.Select(Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Names_only_lists_child_names()
    {
        var (names, _) = ProviderContextCalls.GetChildItems(Session, $"{Memory}:\\2026", namesOnly: true);
        Assert.Equal(["11", "12", "readme.txt"], names.Select(n => n.BaseObject.ToString()).Order(StringComparer.Ordinal));
        var (filtered, _) = ProviderContextCalls.GetChildItems(Session, $"{Memory}:\\2026\\11", namesOnly: true, filter: "*.log");
        Assert.Equal(["app.log"], filtered.Select(n => n.BaseObject.ToString()));
    }

    private object Parameters(bool file = false, bool directory = false)
    {
        var type = Session.OmniProvider.ImplementingType.Assembly.GetType("Omnistorage.PowerShell.Provider.OmniChildItemParameters", throwOnError: true)!;
        var parameters = Activator.CreateInstance(type)!;
        ProviderContextCalls.Set(parameters, "File", new System.Management.Automation.SwitchParameter(file));
        ProviderContextCalls.Set(parameters, "Directory", new System.Management.Automation.SwitchParameter(directory));
        return parameters;
    }
}
