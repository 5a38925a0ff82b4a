using System.Management.Automation;
using Omnistorage.PowerShell.Tests.Hosting;

namespace Omnistorage.PowerShell.Tests.Provider;

public sealed class ItemTests : ProviderTestBase
{
    [Fact]
    public void Drives_show_their_canonical_uri_root_without_query_or_secret()
    {
        var name = Names.Unique("q");
        var drive = Session.NewDrive(name, $"MEMORY://{name}/some/prefix/?name={name}");
        Assert.Equal($"memory://{name}/some/prefix", drive.Root);
        Assert.Equal("Omni", drive.Provider.Name);
        Assert.Equal("memory", drive.GetType().GetProperty("Backend")!.GetValue(drive));
    }

    [Fact]
    public void An_unknown_scheme_is_refused_with_a_clear_error()
    {
        var ex = Assert.ThrowsAny<Exception>(() => Session.NewDrive(Names.Unique("x"), "nosuch://bucket/prefix"));
        Assert.Contains("nosuch", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OmniInvalidArgument", ((IContainsErrorRecord)ex).ErrorRecord.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void New_item_creates_files_with_values_and_directories()
    {
        NewFile($"{Memory}:\\a.txt", "alpha");
        Provider.Item.New([$"{Memory}:\\"], "dir", "Directory", null, force: false);
        var file = Assert.Single(Provider.Item.Get($"{Memory}:\\a.txt"));
        Assert.Equal(5L, Property<long?>(file, "Length"));
        Assert.False(Property<bool>(file, "PSIsContainer"));
        var directory = Assert.Single(Provider.Item.Get($"{Memory}:\\dir"));
        Assert.True(Property<bool>(directory, "PSIsContainer"));
        Assert.Equal("d----", Property<string>(directory, "Mode"));
        Assert.Equal("alpha", ReadText($"{Memory}:\\a.txt"));
    }

    [Fact]
    public void New_item_without_force_refuses_to_replace_an_existing_file()
    {
        NewFile($"{Memory}:\\a.txt", "one");
        var ex = Assert.ThrowsAny<Exception>(() => Provider.Item.New([$"{Memory}:\\"], "a.txt", "File", "two", force: false));
        AssertStorageError(ex, "AlreadyExists");
        Assert.Equal("one", ReadText($"{Memory}:\\a.txt"));
    }

    [Fact]
    public void Both_separators_and_the_drive_root_work()
    {
        NewFile($"{Memory}:\\x\\y\\z.txt", "zz");
        Assert.True(Provider.Item.Exists($"{Memory}:/x/y/z.txt"));
        Assert.True(Provider.Item.Exists($"{Memory}:\\x\\y\\z.txt"));
        Assert.True(Provider.Item.Exists($"{Memory}:\\"));
        Assert.False(Provider.Item.Exists($"{Memory}:\\x\\nope.txt"));
        var root = Assert.Single(Provider.Item.Get($"{Memory}:\\"));
        Assert.True(Property<bool>(root, "PSIsContainer"));
        Assert.True(Provider.Item.IsContainer($"{Memory}:/x"));
    }

    [Fact]
    public void Items_carry_provider_paths_that_name_their_drive_root()
    {
        NewFile($"{Memory}:\\dir\\f.txt", "f");
        var item = Assert.Single(Provider.Item.Get($"{Memory}:\\dir\\f.txt"));
        Assert.Equal($"Omnistorage.PowerShell\\Omni::{MemoryRoot}/dir/f.txt", Property<string>(item, "PSPath"));
        Assert.Equal($"Omnistorage.PowerShell\\Omni::{MemoryRoot}/dir", Property<string>(item, "PSParentPath"));
        Assert.Equal("f.txt", Name(item));
        Assert.Equal(Memory, ((PSDriveInfo)item.Properties["PSDrive"].Value).Name);
        Assert.Equal($"{MemoryRoot}/dir/f.txt", Property<string>(item, "FullName"));
    }

    [Fact]
    public void Listing_streams_children_and_recursion_goes_directory_by_directory()
    {
        NewFile($"{Memory}:\\b.txt", "b");
        NewFile($"{Memory}:\\a\\1.txt", "1");
        NewFile($"{Memory}:\\a\\deep\\2.txt", "2");
        NewFile($"{Memory}:\\c\\3.txt", "3");
        var top = Provider.ChildItem.Get($"{Memory}:\\", recurse: false).Select(Name).ToList();
        Assert.Equal(["a", "b.txt", "c"], top.Order(StringComparer.Ordinal));

        var all = Provider.ChildItem.Get($"{Memory}:\\", recurse: true).Select(i => Property<string>(i, "StoragePath")).ToList();
        Assert.Equal(7, all.Count);
        // Each directory's entries come together, before any of its subdirectories' entries.
        Assert.True(all.IndexOf("a/1.txt") > all.IndexOf("c"));
        Assert.True(all.IndexOf("a/deep/2.txt") > all.IndexOf("a/1.txt"));
    }

    [Fact]
    public void Depth_limits_recursion()
    {
        NewFile($"{Memory}:\\a\\b\\c\\d.txt", "d");
        var depthZero = Provider.ChildItem.Get([$"{Memory}:\\"], recurse: true, depth: 0, force: false, literalPath: false).Select(i => Property<string>(i, "StoragePath"));
        Assert.Equal(["a"], depthZero);
        var depthOne = Provider.ChildItem.Get([$"{Memory}:\\"], recurse: true, depth: 1, force: false, literalPath: false).Select(i => Property<string>(i, "StoragePath"));
        Assert.Equal(["a", "a/b"], depthOne);
    }

    [Fact]
    public void Child_names_and_wildcards_resolve_through_the_provider()
    {
        NewFile($"{Memory}:\\logs\\app.log", "1");
        NewFile($"{Memory}:\\logs\\web.log", "2");
        NewFile($"{Memory}:\\logs\\notes.txt", "3");
        var names = Provider.ChildItem.GetNames($"{Memory}:\\logs", ReturnContainers.ReturnMatchingContainers, recurse: false).ToList();
        Assert.Equal(["app.log", "notes.txt", "web.log"], names.Order(StringComparer.Ordinal));

        var logs = Provider.Item.Get($"{Memory}:\\logs\\*.log").Select(Name).ToList();
        Assert.Equal(["app.log", "web.log"], logs.Order(StringComparer.Ordinal));
        var resolved = Session.State.Path.GetResolvedPSPathFromPSPath($"{Memory}:\\l*\\w*").Select(p => p.Path).ToList();
        Assert.Equal([$"{Memory}:/logs/web.log"], resolved.Select(p => p.Replace('\\', '/')));
    }

    [Fact]
    public void Set_location_makes_relative_paths_work()
    {
        NewFile($"{Memory}:\\one\\a.txt", "a");
        NewFile($"{Memory}:\\two\\b.txt", "b");
        Session.State.Path.SetLocation($"{Memory}:\\one");
        Assert.Equal($"{Memory}:/one", Session.State.Path.CurrentLocation.Path.Replace('\\', '/'));
        Assert.Equal("a", ReadText("a.txt"));
        Assert.Equal("b", ReadText("..\\two\\b.txt"));
        Assert.True(Provider.Item.Exists(".\\a.txt"));
        Session.State.Path.SetLocation("..");
        Assert.Equal($"{Memory}:/", Session.State.Path.CurrentLocation.Path.Replace('\\', '/'));
        Assert.Equal("b", ReadText("two/b.txt"));
    }

    [Fact]
    public void Remove_deletes_files_and_with_recurse_whole_directories()
    {
        NewFile($"{Memory}:\\keep.txt", "k");
        NewFile($"{Memory}:\\tree\\a\\b.txt", "b");
        NewFile($"{Memory}:\\tree\\c.txt", "c");
        Provider.Item.Remove($"{Memory}:\\keep.txt", recurse: false);
        Assert.False(Provider.Item.Exists($"{Memory}:\\keep.txt"));
        Provider.Item.Remove($"{Memory}:\\tree", recurse: true);
        Assert.False(Provider.Item.Exists($"{Memory}:\\tree"));
        Assert.Empty(Provider.ChildItem.Get($"{Memory}:\\", recurse: true));
    }

    [Fact]
    public void Rename_changes_the_name_in_place_and_refuses_paths()
    {
        NewFile($"{Memory}:\\d\\old.txt", "x");
        Provider.Item.Rename($"{Memory}:\\d\\old.txt", "new.txt");
        Assert.False(Provider.Item.Exists($"{Memory}:\\d\\old.txt"));
        Assert.Equal("x", ReadText($"{Memory}:\\d\\new.txt"));
        var ex = Assert.ThrowsAny<Exception>(() => Provider.Item.Rename($"{Memory}:\\d\\new.txt", "sub\\other.txt"));
        Assert.Contains("OmniInvalidArgument", ((IContainsErrorRecord)ex).ErrorRecord.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void File_drives_reach_real_files()
    {
        NewFile($"{Local}:\\sub\\hello.txt", "hello from omni");
        Assert.Equal("hello from omni", File.ReadAllText(Temp.File("sub/hello.txt")));
        File.WriteAllText(Temp.File("direct.txt"), "written directly");
        Assert.Equal("written directly", ReadText($"{Local}:\\direct.txt"));
        var names = Provider.ChildItem.Get($"{Local}:\\", recurse: false).Select(Name).Order(StringComparer.Ordinal);
        Assert.Equal(["direct.txt", "sub"], names);
    }
}
