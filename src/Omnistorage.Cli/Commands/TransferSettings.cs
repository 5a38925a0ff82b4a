using Omnistorage.Sync;

namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni copy</c>, <c>omni sync</c> and <c>omni move</c> (one set, as in rclone).</summary>
/// <param name="Source">A file or directory.</param>
/// <param name="Destination">The directory to copy into (created when missing).</param>
internal sealed record TransferSettings(string Source, string Destination)
{
    public const int DefaultTransfers = 4;
    public const int DefaultCheckers = 8;
    public const int DefaultRetries = 3;

    public SyncMode Mode { get; init; } = SyncMode.Copy;

    /// <summary>Print what would change and change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Compare sizes and hashes instead of sizes and modification times (<c>--checksum</c>).</summary>
    public bool Checksum { get; init; }

    public bool SizeOnly { get; init; }
    public bool Update { get; init; }
    public bool IgnoreExisting { get; init; }
    public bool IgnoreTimes { get; init; }
    public int Transfers { get; init; } = DefaultTransfers;
    public int Checkers { get; init; } = DefaultCheckers;

    /// <summary>A <c>--bwlimit</c> spec (see docs/bandwidth.md), or null for none.</summary>
    public string? BandwidthLimit { get; init; }

    public FilterSettings Filters { get; init; } = FilterSettings.None;

    /// <summary>The most destination files the run may delete, or -1 for no limit.</summary>
    public long MaxDelete { get; init; } = -1;

    /// <summary>The most bytes the run may delete, as a size (<c>10M</c>), or null for no limit.</summary>
    public string? MaxDeleteSize { get; init; }

    /// <summary>A remote on the destination's store that receives overwritten and deleted files (<c>--backup-dir</c>).</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>Appended to the names of files moved into <see cref="BackupDirectory"/>.</summary>
    public string? Suffix { get; init; }

    /// <summary>When a sync deletes destination-only files.</summary>
    public DeleteMode DeleteMode { get; init; } = DeleteMode.After;

    /// <summary>How many times the whole run is repeated after retryable errors.</summary>
    public int Retries { get; init; } = DefaultRetries;

    /// <summary>With a move, remove the source directories it emptied.</summary>
    public bool DeleteEmptySourceDirectories { get; init; }

    /// <summary>Print a JSON summary object instead of the text summary.</summary>
    public bool Json { get; init; }

    /// <summary>Print one line per change.</summary>
    public bool Verbose { get; init; }

    /// <summary>Show a live progress line on standard error (when it is a terminal).</summary>
    public bool Progress { get; init; }
}
