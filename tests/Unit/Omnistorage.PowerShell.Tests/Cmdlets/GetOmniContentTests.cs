using System.Text;
using Omnistorage.PowerShell.Tests.Hosting;
using static Omnistorage.PowerShell.Tests.Cmdlets.CmdletAssert;

namespace Omnistorage.PowerShell.Tests.Cmdlets;

/// <summary>Get-OmniContent: -Tail by ranged reads from the end, -TotalCount, encodings and errors.</summary>
public sealed class GetOmniContentTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly TempDirectory _temp = new();
    private readonly string _drive = Names.Unique("gc");

    public GetOmniContentTests()
    {
        _session.NewDrive(_drive, _temp.Uri);
    }

    public void Dispose()
    {
        _session.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("\n", true)]
    [InlineData("\n", false)]
    [InlineData("\r\n", true)]
    public void Tail_returns_the_last_lines_of_an_object_spanning_many_ranges(string newline, bool finalNewline)
    {
        // About 3 MB: the tail needs only the last range, and a tail of 60,000 lines needs several doubling ranges.
        var lines = Enumerable.Range(1, 200_000).Select(i => $"line {i:D6} " + new string('x', i % 7)).ToList();
        File.WriteAllText(_temp.File("big.log"), string.Join(newline, lines) + (finalNewline ? newline : string.Empty));

        var lastFive = Values(_session.Run("Get-OmniContent -Path $args[0] -Tail 5", $"{_drive}:\\big.log"));
        Assert.Equal(lines[^5..], lastFive.Cast<string>());
        var many = Values(_session.Run("Get-OmniContent -Path $args[0] -Tail 60000", $"{_drive}:\\big.log"));
        Assert.Equal(lines[^60000..], many.Cast<string>());
    }

    [Fact]
    public void A_tail_longer_than_the_object_returns_every_line_and_honours_a_byte_order_mark()
    {
        File.WriteAllText(_temp.File("short.txt"), "ä\nb\nc\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(["ä", "b", "c"], Values(_session.Run("Get-OmniContent -Path $args[0] -Tail 10", $"{_drive}:\\short.txt")));
        Assert.Equal(["c"], Values(_session.Run("Get-OmniContent -Path $args[0] -Tail 1", $"{_drive}:\\short.txt")));
        Assert.Empty(_session.Run("Get-OmniContent -Path $args[0] -Tail 0", $"{_drive}:\\short.txt"));
    }

    [Fact]
    public void Utf16_content_is_read_by_scanning()
    {
        File.WriteAllText(_temp.File("wide.txt"), "one\r\ntwo\r\nthree\r\n", Encoding.Unicode);
        Assert.Equal(["two", "three"], Values(_session.Run("Get-OmniContent -Path $args[0] -Tail 2 -Encoding unicode", $"{_drive}:\\wide.txt")));
    }

    [Fact]
    public void Total_count_reads_only_the_first_lines_and_no_switch_reads_all()
    {
        File.WriteAllText(_temp.File("h.txt"), "1\n2\n3\n4\n");
        Assert.Equal(["1", "2"], Values(_session.Run("Get-OmniContent -Path $args[0] -TotalCount 2", $"{_drive}:\\h.txt")));
        Assert.Equal(["1", "2", "3", "4"], Values(_session.Run("Get-OmniContent -LiteralPath $args[0]", $"{_drive}:\\h.txt")));
    }

    [Fact]
    public void Provider_items_pipe_in_and_errors_have_stable_ids()
    {
        File.WriteAllText(_temp.File("p.txt"), "a\nb\n");
        Directory.CreateDirectory(_temp.File("dir"));
        Assert.Equal(["b"], Values(_session.Run("$ExecutionContext.InvokeProvider.Item.Get($args[0]) | Get-OmniContent -Tail 1", $"{_drive}:\\p.txt")));

        var (_, missing) = _session.RunAllowingErrors("Get-OmniContent -LiteralPath $args[0] -Tail 1", $"{_drive}:\\missing.txt");
        SingleError(missing, "OmniItemNotFound");
        var (_, directory) = _session.RunAllowingErrors("Get-OmniContent -LiteralPath $args[0]", $"{_drive}:\\dir");
        SingleError(directory, "OmniInvalidArgument");
        Assert.ThrowsAny<Exception>(() => _session.Run("Get-OmniContent -LiteralPath $args[0] -Tail 1 -TotalCount 1", $"{_drive}:\\p.txt"));
    }
}
