using System.Diagnostics;
using System.Management.Automation;

namespace Omnistorage.PowerShell.Internal;

/// <summary>
/// Progress of a transfer for <c>Write-Progress</c>: bytes done, rate and time left. The transfer updates
/// <see cref="Report"/> from any thread (it is just a volatile write); the pipeline thread calls <see cref="Emit"/>
/// between waits, which builds a record at most four times a second, because hosts render each record and progress
/// sent per buffer slows transfers badly.
/// </summary>
internal sealed class TransferProgress : IProgress<long>
{
    private static readonly long Interval = Stopwatch.Frequency / 4;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _activityId;
    private readonly string _activity;
    private long _completed;
    private long _current;
    private long _lastEmit = long.MinValue / 2;
    private bool _shown;

    public TransferProgress(int activityId, string activity)
    {
        _activityId = activityId;
        _activity = activity;
    }

    /// <summary>Total bytes expected across the operation, or -1 when unknown.</summary>
    public long TotalBytes { get; set; } = -1;

    /// <summary>The item being transferred now, shown as the operation line.</summary>
    public string? CurrentItem { get; private set; }

    /// <summary>Items finished so far.</summary>
    public int ItemsDone { get; private set; }

    /// <summary>Bytes of finished items plus the bytes of the current one so far.</summary>
    public long BytesDone => _completed + Volatile.Read(ref _current);

    /// <summary>Starts the next item (pipeline thread).</summary>
    public void BeginItem(string name)
    {
        CurrentItem = name;
        Volatile.Write(ref _current, 0);
    }

    /// <summary>Bytes of the current item copied so far; called by the transfer on any thread.</summary>
    public void Report(long value) => Volatile.Write(ref _current, value);

    /// <summary>Finishes the current item (pipeline thread).</summary>
    public void EndItem(long size)
    {
        _completed += Math.Max(size, 0);
        Volatile.Write(ref _current, 0);
        ItemsDone++;
    }

/// <summary>Returns a record when one is due (or <paramref name="force"/>), otherwise null.</summary>
    public ProgressRecord? Emit(bool force = false)
    {
        var now = _clock.ElapsedTicks;
        if (!force && now - _lastEmit < Interval) return null;
        _lastEmit = now;
        var done = BytesDone;
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var rate = done / seconds;
        var status = TotalBytes > 0
            ? $"{Format.Size(done)} of {Format.Size(TotalBytes)} at {Format.Size((long)rate)}/s"
            : $"{Format.Size(done)} at {Format.Size((long)rate)}/s";
        if (ItemsDone > 0) status += $", {ItemsDone} item(s) done";
        var record = new ProgressRecord(_activityId, _activity, status) { CurrentOperation = CurrentItem ?? string.Empty };
        if (TotalBytes > 0)
        {
            // Out-of-range percentages throw in some hosts, so the value is clamped.
            record.PercentComplete = (int)Math.Clamp(done * 100 / TotalBytes, 0, 100);
            if (rate > 0 && done < TotalBytes)
            {
                record.SecondsRemaining = (int)Math.Min(int.MaxValue, (TotalBytes - done) / rate);
            }
        }

        _shown = true;
        return record;
    }

    /// <summary>The record that removes the progress bar, or null when none was ever shown.</summary>
    public ProgressRecord? Complete()
    {
        if (!_shown) return null;
        return new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed, PercentComplete = 100 };
    }
}

/// <summary>Human-readable formatting shared by progress, output objects and format views.</summary>
public static class Format
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    /// <summary>1536 becomes <c>1.5 KiB</c>; negative (unknown) sizes are empty.</summary>
    public static string Size(long bytes)
    {
        if (bytes < 0) return string.Empty;
        if (bytes < 1024) return bytes + " B";
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString(value < 10 ? "0.##" : value < 100 ? "0.#" : "0", System.Globalization.CultureInfo.InvariantCulture) + " " + Units[unit];
    }
}
