namespace Omnistorage.Backends.Multi;

/// <summary>How many targets a fanned-out change must reach for it to count as done.</summary>
public enum MultiWriteMode
{
    /// <summary>
    /// Every target, or none: a write is committed to every target, and when any commit fails the copies that did
    /// commit are deleted again. Deletes and directory changes fail when any target fails.
    /// </summary>
    All,

    /// <summary>At least one target: failures on the others are reported through <see cref="MultiBackendOptions.OnPartialFailure"/>.</summary>
    BestEffort,

    /// <summary>
    /// At least <see cref="MultiBackendOptions.Quorum"/> targets (a majority by default). A write that reaches fewer is
    /// rolled back from the targets it reached; failures of a write that reaches enough are reported.
    /// </summary>
    Quorum,
}

/// <summary>Settings for a <see cref="MultiBackend"/>.</summary>
public sealed record MultiBackendOptions
{
    public static MultiBackendOptions Default { get; } = new();

    public MultiWriteMode Mode { get; init; } = MultiWriteMode.All;

    /// <summary>
    /// For <see cref="MultiWriteMode.Quorum"/>: how many targets must succeed, between 1 and the number of targets.
    /// Null means a majority (more than half). Ignored by the other modes.
    /// </summary>
    public int? Quorum { get; init; }

    /// <summary>
    /// When a read (stat, exists, list, open, native hash) fails on a target with <see cref="StorageErrorCode.NotFound"/>
    /// or <see cref="StorageErrorCode.Unavailable"/>, try the next readable target instead of failing. Off by default:
    /// reads come from the primary (the first readable target) only.
    /// </summary>
    public bool ReadFallback { get; init; }

    /// <summary>
    /// Called when a write, delete or directory change succeeded under <see cref="Mode"/> but failed on some targets
    /// (possible in <see cref="MultiWriteMode.BestEffort"/> and <see cref="MultiWriteMode.Quorum"/>). It runs on the
    /// calling thread before the operation returns, may run concurrently for concurrent operations, and should not
    /// throw: an exception it throws reaches the caller although the change was made.
    /// </summary>
    public Action<MultiWriteReport>? OnPartialFailure { get; init; }

    /// <summary>Dispose the targets when the multi backend is disposed. True by default.</summary>
    public bool OwnsTargets { get; init; } = true;
}
