using System.Management.Automation;
using Omnistorage.PowerShell.Tests.Hosting;

namespace Omnistorage.PowerShell.Tests.Provider;

/// <summary>Copy-Item and Move-Item within a drive and across drives of different backends.</summary>
public sealed class TransferTests : ProviderTestBase
{
    /// <summary>
    /// Advanced functions that call the provider the way Copy-Item and Move-Item do, through $PSCmdlet, so that
    /// -WhatIf, progress and Ctrl+C reach the provider from a real command (the hosted engine has no Copy-Item).
    /// </summary>
    private const string Functions = """
        function global:Invoke-ProviderCopy {
            [CmdletBinding(SupportsShouldProcess)]
            param([string] $Path, [string] $Destination, [switch] $Recurse)
            $PSCmdlet.InvokeProvider.Item.Copy($Path, $Destination, $Recurse.IsPresent, [System.Management.Automation.CopyContainers]::CopyTargetContainer)
        }
        function global:Invoke-ProviderMove {
            [CmdletBinding(SupportsShouldProcess)]
            param([string] $Path, [string] $Destination)
            $PSCmdlet.InvokeProvider.Item.Move($Path, $Destination)
        }
        """;

    public TransferTests()
    {
        Session.Run(Functions);
    }

    [Fact]
    public void Copy_across_backends_keeps_content_and_modification_time()
    {
        NewFile($"{Memory}:\\src\\a.txt", "payload");
        var source = Assert.Single(Provider.Item.Get($"{Memory}:\\src\\a.txt"));
        Provider.Item.Copy($"{Memory}:\\src\\a.txt", $"{Local}:\\copied.txt", recurse: false, CopyContainers.CopyTargetContainer);
        Assert.Equal("payload", File.ReadAllText(Temp.File("copied.txt")));
        Assert.Equal(Property<DateTime?>(source, "LastWriteTimeUtc"), File.GetLastWriteTimeUtc(Temp.File("copied.txt")));
        Assert.True(Provider.Item.Exists($"{Memory}:\\src\\a.txt"));
    }

    [Fact]
    public void Copy_into_an_existing_directory_keeps_the_name()
    {
        NewFile($"{Memory}:\\a.txt", "a");
        Provider.Item.New([$"{Local}:\\"], "target", "Directory", null, force: false);
        Provider.Item.Copy($"{Memory}:\\a.txt", $"{Local}:\\target", recurse: false, CopyContainers.CopyTargetContainer);
        Assert.Equal("a", File.ReadAllText(Temp.File("target/a.txt")));
    }

    [Fact]
    public void Recursive_copy_reproduces_a_tree_including_empty_directories()
    {
        NewFile($"{Local}:\\tree\\1.txt", "1");
        NewFile($"{Local}:\\tree\\sub\\2.txt", "2");
        Directory.CreateDirectory(Temp.File("tree/empty"));
        Provider.Item.Copy($"{Local}:\\tree", $"{Memory}:\\copy", recurse: true, CopyContainers.CopyTargetContainer);
        var copied = Provider.ChildItem.Get($"{Memory}:\\copy", recurse: true).Select(i => Property<string>(i, "StoragePath")).Order(StringComparer.Ordinal);
        Assert.Equal(["copy/1.txt", "copy/empty", "copy/sub", "copy/sub/2.txt"], copied);
        Assert.Equal("2", ReadText($"{Memory}:\\copy\\sub\\2.txt"));
    }

    [Fact]
    public void Copying_a_directory_into_itself_is_refused()
    {
        NewFile($"{Memory}:\\d\\x.txt", "x");
        var ex = Assert.ThrowsAny<Exception>(() => Provider.Item.Copy($"{Memory}:\\d", $"{Memory}:\\d\\inner", recurse: true, CopyContainers.CopyTargetContainer));
        AssertStorageError(ex, "InvalidArgument");
    }

    [Fact]
    public void Move_within_a_drive_and_across_drives()
    {
        NewFile($"{Memory}:\\m\\a.txt", "a");
        Provider.Item.Move($"{Memory}:\\m\\a.txt", $"{Memory}:\\m\\b.txt");
        Assert.False(Provider.Item.Exists($"{Memory}:\\m\\a.txt"));
        Assert.Equal("a", ReadText($"{Memory}:\\m\\b.txt"));

        Provider.Item.Move($"{Memory}:\\m\\b.txt", $"{Local}:\\moved.txt");
        Assert.False(Provider.Item.Exists($"{Memory}:\\m\\b.txt"));
        Assert.Equal("a", File.ReadAllText(Temp.File("moved.txt")));
    }

    [Fact]
    public void Moving_a_directory_across_drives_moves_the_whole_tree()
    {
        NewFile($"{Memory}:\\dir\\1.txt", "1");
        NewFile($"{Memory}:\\dir\\deep\\2.txt", "2");
        Provider.Item.Move($"{Memory}:\\dir", $"{Local}:\\dir");
        Assert.False(Provider.Item.Exists($"{Memory}:\\dir"));
        Assert.Equal("2", File.ReadAllText(Temp.File("dir/deep/2.txt")));
        Assert.Equal("1", File.ReadAllText(Temp.File("dir/1.txt")));
    }

    [Fact]
    public void WhatIf_reports_and_changes_nothing()
    {
        NewFile($"{Memory}:\\w.txt", "w");
        Session.Host.Ui.Clear();
        Session.Run("Invoke-ProviderCopy -Path $args[0] -Destination $args[1] -WhatIf", $"{Memory}:\\w.txt", $"{Local}:\\w.txt");
        Session.Run("Invoke-ProviderMove -Path $args[0] -Destination $args[1] -WhatIf", $"{Memory}:\\w.txt", $"{Memory}:\\moved.txt");
        Assert.False(File.Exists(Temp.File("w.txt")));
        Assert.True(Provider.Item.Exists($"{Memory}:\\w.txt"));
        Assert.False(Provider.Item.Exists($"{Memory}:\\moved.txt"));
        var whatIf = Session.Host.Ui.Lines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, whatIf.Count);
        Assert.Contains("Copy file", whatIf[0], StringComparison.Ordinal);
        Assert.Contains($"{Temp.Uri}/w.txt", whatIf[0], StringComparison.Ordinal);
        Assert.Contains("Move file", whatIf[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_copy_reports_throttled_progress_and_completes_it()
    {
        var content = new string('x', 1024 * 1024);
        var writer = Assert.Single(Provider.Content.GetWriter($"{Memory}:\\big.bin"));
        for (var i = 0; i < 96; i++) writer.Write(new System.Collections.ArrayList { content });
        writer.Close();
        Session.Host.Ui.Clear();
        Session.Run("Invoke-ProviderCopy -Path $args[0] -Destination $args[1]", $"{Memory}:\\big.bin", $"{Local}:\\big.bin");
        Assert.True(new FileInfo(Temp.File("big.bin")).Length > 96L * 1024 * 1024);
        var records = Session.Host.Ui.Progress.ToList();
        Assert.NotEmpty(records);
        Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
        Assert.All(records, r => Assert.InRange(r.PercentComplete, -1, 100));
        Assert.All(records.Where(r => r.RecordType == ProgressRecordType.Processing), r => Assert.Contains(" of ", r.StatusDescription, StringComparison.Ordinal));
        // Throttled: a 96 MiB copy in 1 MiB buffers must not send anything like a record per buffer.
        Assert.True(records.Count < 48, $"{records.Count} progress records");
    }

    [Fact]
    public async Task Stop_ends_a_long_listing_promptly()
    {
        var drive = Session.State.Drive.Get(Memory);
        var store = drive.GetType().GetProperty("Store", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(drive)!;
        var write = store.GetType().GetMethods().Single(m => m.Name == "WriteAllBytesAsync");
        for (var i = 0; i < 200_000; i++)
        {
            var pending = write.Invoke(store, [$"big/{i:D6}", new ReadOnlyMemory<byte>([1]), null, CancellationToken.None])!;
            await (Task)pending.GetType().GetMethod("AsTask")!.Invoke(pending, null)!;
        }

        Session.Run("Import-Module -Name $args[0]", typeof(GetTestChildItemCountCommand).Assembly.Location);
        using var shell = Session.Prepare("Get-TestChildItemCount -Path $args[0] -Recurse", $"{Memory}:\\");
        var output = new PSDataCollection<PSObject>();
        var running = shell.BeginInvoke<PSObject, PSObject>(null, output);
        await Task.Delay(300);
        var stopped = shell.BeginStop(null, null);
        Assert.True(stopped.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "Stop did not complete");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        // Stopped before the listing finished: no count was written.
        Assert.Empty(output);
        _ = running;
    }
}
