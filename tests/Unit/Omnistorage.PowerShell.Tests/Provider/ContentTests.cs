using System.Collections;
using System.Management.Automation;
using System.Text;
using Omnistorage.PowerShell.Tests.Hosting;

namespace Omnistorage.PowerShell.Tests.Provider;

/// <summary>Get-Content, Set-Content, Add-Content and Clear-Content through the content intrinsics.</summary>
public sealed class ContentTests : ProviderTestBase
{
    [Fact]
    public void Set_content_writes_lines_and_get_content_reads_them_back()
    {
        SetContent($"{Memory}:\\notes.txt", "hello", "wörld ✓");
        Assert.Equal("hello\nwörld ✓", ReadText($"{Memory}:\\notes.txt"));
        Assert.Equal("hello" + Environment.NewLine + "wörld ✓" + Environment.NewLine, Encoding.UTF8.GetString(ReadBytes($"{Memory}:\\notes.txt")));
    }

    [Fact]
    public void Set_content_replaces_and_add_content_appends()
    {
        SetContent($"{Memory}:\\log.txt", "one");
        SetContent($"{Memory}:\\log.txt", "two");
        AddContent($"{Memory}:\\log.txt", "three", "four");
        Assert.Equal("two\nthree\nfour", ReadText($"{Memory}:\\log.txt"));

        // The file backend appends natively; the result must be the same.
        SetContent($"{Local}:\\log.txt", "two");
        AddContent($"{Local}:\\log.txt", "three");
        Assert.Equal("two" + Environment.NewLine + "three" + Environment.NewLine, File.ReadAllText(Temp.File("log.txt")));
    }

    [Fact]
    public void Clear_content_empties_the_object_and_keeps_it()
    {
        SetContent($"{Memory}:\\c.txt", "data");
        Provider.Content.Clear($"{Memory}:\\c.txt");
        Assert.True(Provider.Item.Exists($"{Memory}:\\c.txt"));
        Assert.Empty(ReadBytes($"{Memory}:\\c.txt"));
    }

    [Fact]
    public void Reading_a_limited_number_of_lines_stops_early()
    {
        SetContent($"{Memory}:\\many.txt", Enumerable.Range(1, 1000).Select(i => "line " + i).ToArray());
        var reader = Assert.Single(Provider.Content.GetReader($"{Memory}:\\many.txt"));
        var first = reader.Read(3);
        reader.Close();
        Assert.Equal(["line 1", "line 2", "line 3"], first.Cast<string>());
    }

    [Fact]
    public void Raw_returns_the_whole_text_and_as_byte_stream_returns_bytes()
    {
        SetContent($"{Memory}:\\r.txt", "a", "b");
        var raw = ProviderContextCalls.GetContentReader(Session, $"{Memory}:\\r.txt", p => ProviderContextCalls.Set(p, "Raw", new System.Management.Automation.SwitchParameter(true)));
        var whole = raw.Read(1);
        raw.Close();
        Assert.Equal("a" + Environment.NewLine + "b" + Environment.NewLine, Assert.Single(whole.Cast<string>()));

        var bytes = ProviderContextCalls.GetContentReader(Session, $"{Memory}:\\r.txt", p => ProviderContextCalls.Set(p, "AsByteStream", new System.Management.Automation.SwitchParameter(true)));
        var firstTwo = bytes.Read(2);
        bytes.Close();
        Assert.Equal([(byte)'a', (byte)Environment.NewLine[0]], firstTwo.Cast<byte>());
    }

    [Fact]
    public void Encoding_is_honoured_on_write_and_read()
    {
        var writer = ProviderContextCalls.GetContentWriter(Session, $"{Memory}:\\u16.txt", p => ProviderContextCalls.Set(p, "Encoding", "unicode"));
        writer.Write(new ArrayList { "héllo" });
        writer.Close();
        writer.Dispose();
        var bytes = ReadBytes($"{Memory}:\\u16.txt");
        Assert.Equal([0xFF, 0xFE], bytes[..2]);
        Assert.Equal("héllo", ReadText($"{Memory}:\\u16.txt"));

        var latin = ProviderContextCalls.GetContentReader(Session, $"{Memory}:\\u16.txt", p => ProviderContextCalls.Set(p, "Encoding", "bigendianunicode"));
        var line = latin.Read(1);
        latin.Close();
        // A byte order mark in the content wins over -Encoding, as in PowerShell.
        Assert.Equal("héllo", Assert.Single(line.Cast<string>()));
    }

    [Fact]
    public void A_writer_that_is_not_closed_changes_nothing()
    {
        SetContent($"{Memory}:\\safe.txt", "original");
        var writer = Assert.Single(Provider.Content.GetWriter($"{Memory}:\\safe.txt"));
        writer.Write(new ArrayList { "half-written" });
        writer.Dispose();
        Assert.Equal("original", ReadText($"{Memory}:\\safe.txt"));
    }

    [Fact]
    public void Bytes_round_trip_with_as_byte_stream()
    {
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var writer = ProviderContextCalls.GetContentWriter(Session, $"{Local}:\\blob.bin", p => ProviderContextCalls.Set(p, "AsByteStream", new System.Management.Automation.SwitchParameter(true)));
        writer.Write(new ArrayList { payload });
        writer.Close();
        Assert.Equal(payload, File.ReadAllBytes(Temp.File("blob.bin")));
    }

    [Fact]
    public void Content_writes_report_progress_to_the_command_that_writes()
    {
        Session.Run("""
            function global:Write-ProviderContent {
                [CmdletBinding()]
                param([string] $Path, [int] $Blocks)
                $writer = $PSCmdlet.InvokeProvider.Content.GetWriter($Path)[0]
                $block = [System.Collections.ArrayList]::new()
                $null = $block.Add('x' * 1MB)
                for ($i = 0; $i -lt $Blocks; $i++) { $null = $writer.Write($block) }
                $writer.Close()
            }
            """);
        Session.Host.Ui.Clear();
        Session.Run("Write-ProviderContent -Path $args[0] -Blocks 32", $"{Memory}:\\big.txt");
        var records = Session.Host.Ui.Progress.ToList();
        Assert.Contains(records, r => r.RecordType == ProgressRecordType.Processing && r.StatusDescription.Contains("MiB", StringComparison.Ordinal));
        Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
        Assert.True(Provider.Item.Exists($"{Memory}:\\big.txt"));
    }

    private void SetContent(string path, params string[] lines)
    {
        // Set-Content clears existing objects first and ignores missing ones; its writer then appends.
        if (Provider.Item.Exists(path)) Provider.Content.Clear([path], force: false, literalPath: true);
        AddContent(path, lines);
    }

    private void AddContent(string path, params string[] lines)
    {
        var writer = Assert.Single(Provider.Content.GetWriter([path], force: false, literalPath: true));
        // Add-Content seeks to the end before writing, as with files.
        writer.Seek(0, SeekOrigin.End);
        writer.Write(new ArrayList(lines));
        writer.Close();
        writer.Dispose();
    }

    private byte[] ReadBytes(string path)
    {
        var reader = ProviderContextCalls.GetContentReader(Session, path, p =>
        {
            ProviderContextCalls.Set(p, "AsByteStream", new System.Management.Automation.SwitchParameter(true));
            ProviderContextCalls.Set(p, "Raw", new System.Management.Automation.SwitchParameter(true));
        });
        var block = reader.Read(0);
        reader.Close();
        return (byte[])Assert.Single(block.Cast<object>());
    }
}
