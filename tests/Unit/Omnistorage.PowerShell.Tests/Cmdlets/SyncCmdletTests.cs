using Omnistorage.PowerShell.Tests.Hosting;
using static Omnistorage.PowerShell.Tests.Cmdlets.CmdletAssert;

namespace Omnistorage.PowerShell.Tests.Cmdlets;

/// <summary>Sync-OmniItem and Compare-OmniItem between a file drive and a memory drive.</summary>
public sealed class SyncCmdletTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly TempDirectory _temp = new();
    private readonly string _local = Names.Unique("src");
    private readonly string _remote = Names.Unique("dst");

    public SyncCmdletTests()
    {
        _session.NewDrive(_local, _temp.Uri);
        _session.NewDrive(_remote, $"memory://{_remote}");
        Directory.CreateDirectory(_temp.File("data/logs"));
        File.WriteAllText(_temp.File("data/a.txt"), "alpha");
        File.WriteAllText(_temp.File("data/logs/app.log"), "log line");
        File.WriteAllText(_temp.File("data/skip.tmp"), "temporary");
    }

    public void Dispose()
    {
        _session.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Sync_copies_the_tree_returns_a_summary_and_a_rerun_transfers_nothing()
    {
        var summary = Assert.Single(_session.Run("Sync-OmniItem -Path $args[0] -Destination $args[1] -Exclude '*.tmp' -Confirm:$false", $"{_local}:\\data", $"{_remote}:\\backup"));
        Assert.Equal("Omnistorage.PowerShell.OmniSyncResult", summary.BaseObject.GetType().FullName);
        Assert.Equal(2L, Property(summary, "Transferred"));
        Assert.Equal(true, Property(summary, "Succeeded"));
        Assert.True(_session.State.InvokeProvider.Item.Exists($"{_remote}:\\backup\\logs\\app.log"));
        Assert.False(_session.State.InvokeProvider.Item.Exists($"{_remote}:\\backup\\skip.tmp"));

        var again = Assert.Single(_session.Run("Sync-OmniItem -Path $args[0] -Destination $args[1] -Exclude '*.tmp' -Confirm:$false", $"{_local}:\\data", $"{_remote}:\\backup"));
        Assert.Equal(0L, Property(again, "Transferred"));
    }

    [Fact]
    public void Sync_deletes_destination_only_objects_and_whatif_only_prints_the_plan()
    {
        _session.Run("Sync-OmniItem -Path $args[0] -Destination $args[1] -Mode Copy", $"{_local}:\\data", $"{_remote}:\\backup");
        _session.State.InvokeProvider.Item.New($"{_remote}:\\backup", "extra.txt", "File", "only here");

        _session.Host.Ui.Clear();
        var plan = Assert.Single(_session.Run("Sync-OmniItem -Path $args[0] -Destination $args[1] -WhatIf", $"{_local}:\\data", $"{_remote}:\\backup"));
        Assert.Equal(true, Property(plan, "DryRun"));
        Assert.Contains(WhatIfLines(_session), line => line.Contains("extra.txt", StringComparison.Ordinal) && line.Contains("DeleteDestination", StringComparison.Ordinal));
        Assert.True(_session.State.InvokeProvider.Item.Exists($"{_remote}:\\backup\\extra.txt"));

        var actions = _session.Run("Sync-OmniItem -Path $args[0] -Destination $args[1] -Confirm:$false -PassThru", $"{_local}:\\data", $"{_remote}:\\backup");
        Assert.Contains(actions, a => a.BaseObject.GetType().Name == "OmniSyncAction" && (string)Property(a, "Path")! == "extra.txt");
        Assert.False(_session.State.InvokeProvider.Item.Exists($"{_remote}:\\backup\\extra.txt"));
    }

    [Fact]
    public void Sync_asks_before_deleting_and_a_no_changes_nothing()
    {
        _session.Host.Ui.Clear();
        _session.Host.Ui.ChoiceAnswers.Enqueue("&No");
        var output = _session.Run("Sync-OmniItem -Path $args[0] -Destination $args[1] -Confirm", $"{_local}:\\data", $"{_remote}:\\backup");
        Assert.Empty(output);
        Assert.Single(_session.Host.Ui.Prompts);
        Assert.False(_session.State.InvokeProvider.Item.Exists($"{_remote}:\\backup"));
    }

    [Fact]
    public void Move_deletes_the_sources_once_copied()
    {
        var summary = Assert.Single(_session.Run("Sync-OmniItem -Path $args[0] -Destination $args[1] -Mode Move -Confirm:$false", $"{_local}:\\data\\logs", $"{_remote}:\\moved"));
        Assert.Equal(1L, Property(summary, "SourceDeleted"));
        Assert.False(File.Exists(_temp.File("data/logs/app.log")));
        Assert.True(_session.State.InvokeProvider.Item.Exists($"{_remote}:\\moved\\app.log"));
    }

    [Fact]
    public void Compare_reports_differences_with_rclone_markers()
    {
        _session.Run("Sync-OmniItem -Path $args[0] -Destination $args[1] -Mode Copy", $"{_local}:\\data", $"{_remote}:\\backup");
        File.WriteAllText(_temp.File("data/a.txt"), "alpha, changed");
        File.WriteAllText(_temp.File("data/new.txt"), "new");
        _session.State.InvokeProvider.Item.New($"{_remote}:\\backup", "extra.txt", "File", "only here");

        var differences = _session.Run("Compare-OmniItem -Path $args[0] -Destination $args[1]", $"{_local}:\\data", $"{_remote}:\\backup")
            .ToDictionary(d => (string)Property(d, "Path")!, d => (char)Property(d, "Marker")!);
        Assert.Equal('*', differences["a.txt"]);
        Assert.Equal('-', differences["new.txt"]);
        Assert.Equal('+', differences["extra.txt"]);
        Assert.False(differences.ContainsKey("logs/app.log"));

        var all = _session.Run("Compare-OmniItem -Path $args[0] -Destination $args[1] -IncludeEqual -OneWay", $"{_local}:\\data", $"{_remote}:\\backup");
        Assert.Contains(all, d => (string)Property(d, "Path")! == "logs/app.log" && (string)Property(d, "Status")! == "Match");
        Assert.DoesNotContain(all, d => (string)Property(d, "Path")! == "extra.txt");
    }

    [Fact]
    public void Bad_filters_and_missing_sources_are_clear_errors()
    {
        var ex = Assert.ThrowsAny<Exception>(() => _session.Run("Sync-OmniItem -Path $args[0] -Destination $args[1] -Include '[abc' -Confirm:$false", $"{_local}:\\data", $"{_remote}:\\backup"));
        Assert.Contains("[abc", ex.Message, StringComparison.Ordinal);
        var (_, errors) = _session.RunAllowingErrors("Sync-OmniItem -LiteralPath $args[0] -Destination $args[1] -Confirm:$false", $"{_local}:\\nope", $"{_remote}:\\backup");
        SingleError(errors, "OmniItemNotFound");
    }
}
