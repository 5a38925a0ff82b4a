using System.Globalization;
using Omnistorage.Cli.Commands;
using Omnistorage.Sync;

namespace Omnistorage.Cli.Tests;

public sealed class SyncProgressLineTests
{
    [Fact]
    public void Progress_line_draws_the_counts_and_erases_itself_when_the_run_finishes()
    {
        var error = new StringWriter(CultureInfo.InvariantCulture);
        using var line = new SyncProgressLine(error);

        line.Report(new SyncProgress { Phase = SyncPhase.Transferring, BytesTransferred = 2048, ObjectsTransferred = 3, ObjectsChecked = 5 });
        var drawn = error.ToString();
        line.Report(new SyncProgress { Phase = SyncPhase.Finished });
        line.Report(new SyncProgress { Phase = SyncPhase.Transferring, ObjectsTransferred = 9 });

        Assert.StartsWith("\rTransferred: 2 KiB", drawn, StringComparison.Ordinal);
        Assert.Contains("3 files, 5 checked", drawn, StringComparison.Ordinal);
        // After the final report the line is blanked out and nothing is drawn again.
        Assert.EndsWith("\r", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("9 files", error.ToString(), StringComparison.Ordinal);
    }
}
