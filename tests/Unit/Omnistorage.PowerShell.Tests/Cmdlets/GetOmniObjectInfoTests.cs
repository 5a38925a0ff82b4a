using System.Collections;
using System.Management.Automation;
using Omnistorage.PowerShell.Tests.Hosting;
using static Omnistorage.PowerShell.Tests.Cmdlets.CmdletAssert;

namespace Omnistorage.PowerShell.Tests.Cmdlets;

public sealed class GetOmniObjectInfoTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly string _drive = Names.Unique("info");

    public GetOmniObjectInfoTests()
    {
        _session.NewDrive(_drive, $"memory://{_drive}");
        _session.State.InvokeProvider.Item.New($"{_drive}:\\docs", "a.txt", "File", "hello");
        _session.State.InvokeProvider.Item.New($"{_drive}:\\docs", "b.txt", "File", "world!");
    }

    public void Dispose() => _session.Dispose();

    [Fact]
    public void Describes_an_object_with_the_requested_hashes()
    {
        var info = Assert.Single(_session.Run("Get-OmniObjectInfo -Path $args[0] -Hash md5, SHA1, sha256, CRC32C", $"{_drive}:\\docs\\a.txt"));

        Assert.Equal("Omnistorage.PowerShell.OmniObjectInfo", info.BaseObject.GetType().FullName);
        Assert.Equal("a.txt", Property(info, "Name"));
        Assert.Equal(5L, Property(info, "Length"));
        Assert.Equal(false, Property(info, "IsContainer"));
        Assert.Equal(_drive, Property(info, "Drive"));
        Assert.Equal($"memory://{_drive}/docs/a.txt", Property(info, "FullName"));
        Assert.EndsWith($"\\Omni::memory://{_drive}/docs/a.txt", (string)Property(info, "PSPath")!, StringComparison.Ordinal);
        var hashes = Assert.IsAssignableFrom<IDictionary>(Property(info, "Hashes"));
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", hashes["MD5"]);
        Assert.Equal("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", hashes["SHA1"]);
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", hashes["SHA256"]);
        Assert.Equal("9a71bb4c", hashes["CRC32C"]);
    }

    [Fact]
    public void Describes_directories_without_hashes()
    {
        var info = Assert.Single(_session.Run("Get-OmniObjectInfo -LiteralPath $args[0] -Hash SHA256", $"{_drive}:\\docs"));

        Assert.Equal(true, Property(info, "IsContainer"));
        Assert.Null(Property(info, "Length"));
        Assert.Empty(Assert.IsAssignableFrom<IDictionary>(Property(info, "Hashes")));
    }

    [Fact]
    public void Expands_wildcards_in_Path()
    {
        var names = _session.Run("Get-OmniObjectInfo -Path $args[0] | ForEach-Object Name", $"{_drive}:\\docs\\*.txt").Select(o => o.BaseObject).ToList();

        Assert.Equal(["a.txt", "b.txt"], names.Cast<string>().Order());
    }

    [Fact]
    public void A_missing_item_is_a_non_terminating_OmniItemNotFound_and_the_rest_is_still_described()
    {
        var (output, errors) = _session.RunAllowingErrors("Get-OmniObjectInfo -LiteralPath $args[0], $args[1]", $"{_drive}:\\docs\\missing.txt", $"{_drive}:\\docs\\b.txt");

        SingleError(errors, "OmniItemNotFound");
        Assert.Equal("b.txt", Property(Assert.Single(output), "Name"));
    }

    [Fact]
    public void A_missing_Path_without_wildcards_is_OmniItemNotFound()
    {
        var (output, errors) = _session.RunAllowingErrors("Get-OmniObjectInfo -Path $args[0]", $"{_drive}:\\docs\\missing.txt");

        SingleError(errors, "OmniItemNotFound");
        Assert.Empty(output);
    }

    [Fact]
    public void A_wildcard_that_matches_nothing_returns_nothing_as_Get_Item_does()
    {
        var (output, errors) = _session.RunAllowingErrors("Get-OmniObjectInfo -Path $args[0]", $"{_drive}:\\docs\\zz*");

        Assert.Empty(errors);
        Assert.Empty(output);
    }

    [Fact]
    public void Provider_items_bind_by_PSPath_even_though_they_also_have_a_relative_Path()
    {
        // The current location is the test's bin folder: binding the items' storage-relative Path property instead of
        // PSPath would look for docs/a.txt there and fail.
        var output = _session.Run(
            "$ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Get-OmniObjectInfo -Hash MD5",
            $"{_drive}:\\docs");

        var byName = output.ToDictionary(o => (string)Property(o, "Name")!, o => (IDictionary)Property(o, "Hashes")!);
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", byName["a.txt"]["MD5"]);
        Assert.Equal(2, byName.Count);
    }

    [Fact]
    public void Its_own_output_pipes_back_into_it()
    {
        var output = _session.Run("Get-OmniObjectInfo -Path $args[0] | Get-OmniObjectInfo -Hash SHA1", $"{_drive}:\\docs\\b.txt");

        var hashes = (IDictionary)Property(Assert.Single(output), "Hashes")!;
        Assert.Equal("a6794c8314ad6aeb08ed149660ee3fefbcda5e6c", hashes["SHA1"]);
    }

    [Fact]
    public void Strings_bind_to_Path_by_value()
    {
        var output = _session.Run("$args[0], $args[1] | Get-OmniObjectInfo", $"{_drive}:\\docs\\a.txt", $"{_drive}:\\docs\\b*");

        Assert.Equal(["a.txt", "b.txt"], output.Select(o => (string)Property(o, "Name")!));
    }

    [Fact]
    public void Plain_file_system_paths_are_described_through_the_file_backend()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("note.txt"), "hello");

        var info = Assert.Single(_session.Run("Get-OmniObjectInfo -LiteralPath $args[0] -Hash CRC32C", temp.File("note.txt")));

        Assert.Equal("file", Property(info, "Backend"));
        Assert.Equal(5L, Property(info, "Length"));
        Assert.Equal("9a71bb4c", ((IDictionary)Property(info, "Hashes")!)["CRC32C"]);
        Assert.Equal("Microsoft.PowerShell.Core\\FileSystem::" + temp.File("note.txt"), Property(info, "PSPath"));
    }

    [Fact]
    public void An_unknown_hash_name_is_refused_before_anything_runs()
    {
        var (output, errors) = _session.RunAllowingErrors("Get-OmniObjectInfo -Path $args[0] -Hash SHA512", $"{_drive}:\\docs\\a.txt");

        SingleError(errors, "ParameterArgumentValidationError");
        Assert.Empty(output);
    }
}
