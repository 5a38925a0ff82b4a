namespace Omnistorage.Sync;

/// <summary>The kind of change a sync run makes (or, in a dry run, would make).</summary>
public enum SyncActionKind
{
    /// <summary>Copy a source object to the destination (new or replacing a different one).</summary>
    Copy,

    /// <summary>Set the destination object's modification time instead of copying (content already equal).</summary>
    SetModificationTime,

    /// <summary>Delete a destination-only object.</summary>
    DeleteDestination,

    /// <summary>Delete a source object after it reached the destination (<see cref="SyncMode.Move"/>).</summary>
    DeleteSource,

    /// <summary>Move a destination object into the backup directory before it is overwritten or deleted.</summary>
    Backup,

    /// <summary>Remove a directory that is empty after the run.</summary>
    RemoveDirectory,
}

/// <summary>One planned or performed change, with the reason it was decided.</summary>
/// <param name="Kind">What is done.</param>
/// <param name="Path">The path relative to the transfer roots (for <see cref="SyncActionKind.Backup"/>, the object's path relative to the destination root).</param>
/// <param name="Size">The bytes involved, or -1 when unknown or not applicable.</param>
/// <param name="Reason">Why, in words (for example <c>new object</c>, <c>size differs (10 vs 12)</c>).</param>
public sealed record SyncAction(SyncActionKind Kind, string Path, long Size, string Reason);

/// <summary>A per-object (or per-directory) failure that did not stop the run.</summary>
/// <param name="Path">The path relative to the transfer roots, or <c>""</c> for a failure of the whole run.</param>
/// <param name="Code">The storage error code; <see cref="StorageErrorCode.Integrity"/> for a failed verification.</param>
/// <param name="Message">What went wrong.</param>
/// <param name="IsRetryable">True when repeating the run may succeed.</param>
public sealed record SyncError(string Path, StorageErrorCode Code, string Message, bool IsRetryable);

/// <summary>The stage a run is in, as reported by <see cref="SyncProgress"/>.</summary>
public enum SyncPhase
{
    /// <summary>Deleting destination-only objects before transfers (<see cref="DeleteMode.Before"/>).</summary>
    DeletingBefore,

    /// <summary>Listing, comparing and transferring.</summary>
    Transferring,

    /// <summary>Deleting destination-only objects after transfers (<see cref="DeleteMode.After"/>).</summary>
    DeletingAfter,

    /// <summary>Removing emptied directories.</summary>
    RemovingDirectories,

    /// <summary>The run is over.</summary>
    Finished,
}

/// <summary>A snapshot of a running sync, reported at most every <see cref="SyncOptions.ProgressInterval"/>.</summary>
public sealed record SyncProgress
{
    public SyncPhase Phase { get; init; }

    /// <summary>Objects compared so far (each pair or single-sided object counts once).</summary>
    public long ObjectsChecked { get; init; }

    public long ObjectsTransferred { get; init; }

    public long BytesTransferred { get; init; }

    public long ObjectsDeleted { get; init; }

    /// <summary>Paths (relative to the transfer roots) being transferred right now.</summary>
    public IReadOnlyList<string> CurrentObjects { get; init; } = [];

    /// <summary>The average transfer rate since the run started.</summary>
    public double BytesPerSecond { get; init; }

    /// <summary>
    /// The time left for the transfers already queued, at the current rate; null until a rate is known. The engine
    /// never lists a whole tree in advance, so this covers the known work only and grows as more is found.
    /// </summary>
    public TimeSpan? EstimatedRemaining { get; init; }
}

/// <summary>What a copy, sync or move run did (or, in a dry run, would do).</summary>
public sealed record SyncResult
{
    public long ObjectsChecked { get; init; }
    public long ObjectsTransferred { get; init; }
    public long BytesTransferred { get; init; }
    public long ObjectsDeleted { get; init; }
    public long BytesDeleted { get; init; }
    /// <summary>Source objects deleted by a move (destination deletions are <see cref="ObjectsDeleted"/>).</summary>
    public long SourceObjectsDeleted { get; init; }

    public long ModificationTimesFixed { get; init; }

    /// <summary>Objects present on both sides and left alone (equal, or skipped by <see cref="SyncOptions.Update"/> or <see cref="SyncOptions.IgnoreExisting"/>).</summary>
    public long ObjectsSkipped { get; init; }

    public long DirectoriesRemoved { get; init; }

    public IReadOnlyList<SyncError> Errors { get; init; } = [];

    /// <summary>Things the caller should know that are not errors (for example a checksum comparison that fell back to sizes).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Every action, when <see cref="SyncOptions.RecordActions"/> or <see cref="SyncOptions.DryRun"/> was set; otherwise empty.</summary>
    public IReadOnlyList<SyncAction> Actions { get; init; } = [];

    public TimeSpan Duration { get; init; }

    public bool DryRun { get; init; }

    /// <summary>How many times the run was attempted (1 + whole-run retries used). Counts are those of the last attempt.</summary>
    public int Attempts { get; init; } = 1;

    public bool Succeeded => Errors.Count == 0;
}

/// <summary>The outcome of comparing one path in <see cref="Engine.SyncEngine.CheckAsync"/>.</summary>
public enum DifferenceKind
{
    /// <summary>Present on both sides and equal (report marker <c>=</c>).</summary>
    Match,

    /// <summary>Present on both sides and different (marker <c>*</c>).</summary>
    Differ,

    /// <summary>Only in the source (marker <c>-</c>).</summary>
    SourceOnly,

    /// <summary>Only in the destination (marker <c>+</c>).</summary>
    DestinationOnly,

    /// <summary>Could not be compared (marker <c>!</c>).</summary>
    Error,
}

/// <summary>One compared path.</summary>
/// <param name="Path">The path relative to the two roots.</param>
/// <param name="Kind">The outcome.</param>
/// <param name="Detail">Why it differs, how it was compared, or the error message.</param>
/// <param name="ErrorCode">The storage error code for <see cref="DifferenceKind.Error"/>.</param>
public sealed record SyncDifference(string Path, DifferenceKind Kind, string? Detail = null, StorageErrorCode? ErrorCode = null);
