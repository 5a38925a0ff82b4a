using Omnistorage.PowerShell.Tests.Hosting;
using static Omnistorage.PowerShell.Tests.Cmdlets.CmdletAssert;

namespace Omnistorage.PowerShell.Tests.Cmdlets;

/// <summary>Find-OmniDuplicate and Remove-OmniDuplicate.</summary>
public sealed class DuplicateCmdletTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly TempDirectory _temp = new();
    private readonly string _drive = Names.Unique("dup");

    public DuplicateCmdletTests()
    {
        _session.NewDrive(_drive, _temp.Uri);
        Directory.CreateDirectory(_temp.File("photos/2024"));
        Directory.CreateDirectory(_temp.File("photos/backup"));
        File.WriteAllText(_temp.File("photos/2024/cat.jpg"), "cat picture");
        File.WriteAllText(_temp.File("photos/backup/cat-copy.jpg"), "cat picture");
        File.WriteAllText(_temp.File("photos/dog.jpg"), "dog picture");
        File.SetLastWriteTimeUtc(_temp.File("photos/2024/cat.jpg"), new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(_temp.File("photos/backup/cat-copy.jpg"), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    public void Dispose()
    {
        _session.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Find_reports_groups_of_identical_objects()
    {
        var group = Assert.Single(_session.Run("Find-OmniDuplicate -Path $args[0] -Hash MD5", $"{_drive}:\\photos"));
        Assert.Equal("MD5", Property(group, "HashType"));
        Assert.Equal(2, Property(group, "Count"));
        Assert.Equal(11L, Property(group, "ReclaimableBytes"));
        Assert.Equal([$"{_temp.Uri}/photos/2024/cat.jpg", $"{_temp.Uri}/photos/backup/cat-copy.jpg"], (string[])Property(group, "Paths")!);
    }

    [Fact]
    public void Remove_keeps_the_chosen_copy_and_honours_whatif_and_filters()
    {
        _session.Host.Ui.Clear();
        _session.Run("Remove-OmniDuplicate -LiteralPath $args[0] -Keep Newest -WhatIf", $"{_drive}:\\photos");
        Assert.True(File.Exists(_temp.File("photos/2024/cat.jpg")));
        Assert.Single(WhatIfLines(_session));

        Assert.Empty(_session.Run("Find-OmniDuplicate -Path $args[0] -Exclude 'backup/'", $"{_drive}:\\photos"));

        var removed = Assert.Single(_session.Run("Remove-OmniDuplicate -LiteralPath $args[0] -Keep Newest -Confirm:$false -PassThru", $"{_drive}:\\photos"));
        Assert.Equal("cat.jpg", Property(removed, "Name"));
        Assert.False(File.Exists(_temp.File("photos/2024/cat.jpg")));
        Assert.True(File.Exists(_temp.File("photos/backup/cat-copy.jpg")));
        Assert.True(File.Exists(_temp.File("photos/dog.jpg")));
    }

    [Fact]
    public void A_missing_directory_is_a_clear_error()
    {
        var (_, errors) = _session.RunAllowingErrors("Find-OmniDuplicate -LiteralPath $args[0]", $"{_drive}:\\nope");
        SingleError(errors, "OmniItemNotFound");
    }
}
