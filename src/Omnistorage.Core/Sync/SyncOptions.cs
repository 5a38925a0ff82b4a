namespace Omnistorage.Sync;

/// <summary>What a <see cref="Engine.SyncEngine"/> run does with the differences it finds (rclone's copy, sync and move).</summary>
public enum SyncMode
{
    /// <summary>Make the destination contain the source's objects; never delete anything.</summary>
    Copy,

    /// <summary>Make the destination identical to the source, deleting destination-only objects (see <see cref="DeleteMode"/>).</summary>
    Sync,

    /// <summary>Copy, then delete each source object once its copy is verified (or it was already identical at the destination).</summary>
    Move,
}

/// <summary>When a <see cref="SyncMode.Sync"/> run deletes destination-only objects (rclone's <c>--delete-before/during/after</c>).</summary>
public enum DeleteMode
{
    /// <summary>After every transfer finished, and only when none failed (the default, and the safest).</summary>
    After,

    /// <summary>Before any transfer starts, in a separate pass over both trees.</summary>
    Before,

    /// <summary>While transfers run, as destination-only objects are found.</summary>
    During,
}

/// <summary>How an object present on both sides is judged equal (rclone's default, <c>--checksum</c>, <c>--size-only</c>).</summary>
public enum CompareMode
{
    /// <summary>Size and modification time within the coarser precision of the two backends; size only when either side has no times.</summary>
    SizeAndModificationTime,

    /// <summary>Size and a hash both backends supply natively; size only (with a warning) when they share none.</summary>
    Checksum,

    /// <summary>Size only.</summary>
    SizeOnly,
}

/// <summary>Everything one copy, sync or move run needs. Immutable; the defaults match rclone's except <see cref="Retries"/>.</summary>
public sealed record SyncOptions
{
    /// <summary>The store objects are read from.</summary>
    public required ObjectStore Source { get; init; }

    /// <summary>The directory of <see cref="Source"/> that is the root of the transfer (<c>""</c> for the store's root).</summary>
    public string SourcePath { get; init; } = string.Empty;

    /// <summary>The store objects are written to.</summary>
    public required ObjectStore Destination { get; init; }

    /// <summary>The directory of <see cref="Destination"/> that is the root of the transfer (<c>""</c> for the store's root).</summary>
    public string DestinationPath { get; init; } = string.Empty;

    public SyncMode Mode { get; init; } = SyncMode.Copy;

    /// <summary>When destination-only objects are deleted; only used by <see cref="SyncMode.Sync"/>.</summary>
    public DeleteMode DeleteMode { get; init; } = DeleteMode.After;

    public CompareMode Compare { get; init; } = CompareMode.SizeAndModificationTime;

    /// <summary>Skip objects whose destination copy is newer than the source (rclone <c>--update</c>).</summary>
    public bool Update { get; init; }

    /// <summary>Skip every object that already exists at the destination, whatever its content (rclone <c>--ignore-existing</c>).</summary>
    public bool IgnoreExisting { get; init; }

    /// <summary>Transfer every object, equal or not (rclone <c>--ignore-times</c>).</summary>
    public bool IgnoreTimes { get; init; }

    /// <summary>
    /// Which objects take part. Paths are judged relative to the transfer roots. Excluded objects are invisible on both
    /// sides, so a sync never deletes an excluded destination object; excluded directories are never listed.
    /// </summary>
    public FilterSet Filter { get; init; } = FilterSet.Empty;

    /// <summary>Plan only: report every copy, deletion and modification-time fix as a <see cref="SyncAction"/>, change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>The most destination objects a run may delete, or -1 for no limit. Exceeding it is an error and stops deletions.</summary>
    public long MaxDelete { get; init; } = -1;

    /// <summary>The most bytes of destination objects a run may delete, or -1 for no limit.</summary>
    public long MaxDeleteSize { get; init; } = -1;

    /// <summary>
    /// A directory on the destination store (not overlapping <see cref="DestinationPath"/>) that receives, at their
    /// relative paths, the destination objects a run would overwrite or delete.
    /// </summary>
    public string? BackupDirectory { get; init; }

    /// <summary>Appended to the names of objects moved into <see cref="BackupDirectory"/> (for example <c>.bak</c>).</summary>
    public string? Suffix { get; init; }

    /// <summary>Parallel object transfers (rclone <c>--transfers</c>).</summary>
    public int Transfers { get; init; } = 4;

    /// <summary>Parallel comparisons: stats and hash reads (rclone <c>--checkers</c>).</summary>
    public int Checkers { get; init; } = 8;

    /// <summary>Shared by every transfer of the run; null for no limit (then server-side copies are used where possible).</summary>
    public BandwidthLimiter? Bandwidth { get; init; }

    /// <summary>
    /// How many times the whole run is repeated when it ended with retryable errors (rclone <c>--retries</c>, which
    /// defaults to 3). Single requests are already retried by the stores' <see cref="RetryPolicy"/>, so the library
    /// default is 0; the CLI sets 3.
    /// </summary>
    public int Retries { get; init; }

    /// <summary>With <see cref="SyncMode.Move"/>, remove source directories that the move emptied.</summary>
    public bool DeleteEmptySourceDirectories { get; init; }

    /// <summary>Collect every <see cref="SyncAction"/> in <see cref="SyncResult.Actions"/> (always done for a dry run).</summary>
    public bool RecordActions { get; init; }

    /// <summary>Receives every <see cref="SyncAction"/> as it is decided, from worker threads; the way to stream a large plan.</summary>
    public IProgress<SyncAction>? ActionObserver { get; init; }

    /// <summary>The shortest time between two <see cref="SyncProgress"/> reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>Options for <see cref="Engine.SyncEngine.CheckAsync"/> (rclone <c>check</c>).</summary>
public sealed record CheckOptions
{
    public required ObjectStore Source { get; init; }
    public string SourcePath { get; init; } = string.Empty;
    public required ObjectStore Destination { get; init; }
    public string DestinationPath { get; init; } = string.Empty;
    public FilterSet Filter { get; init; } = FilterSet.Empty;

    /// <summary>Compare sizes only, never hashes or bytes.</summary>
    public bool SizeOnly { get; init; }

    /// <summary>Compare the bytes of both objects when the backends share no native hash (rclone <c>--download</c>).</summary>
    public bool Download { get; init; }

    /// <summary>Do not report destination-only objects.</summary>
    public bool OneWay { get; init; }

    /// <summary>Parallel comparisons.</summary>
    public int Checkers { get; init; } = 8;
}
