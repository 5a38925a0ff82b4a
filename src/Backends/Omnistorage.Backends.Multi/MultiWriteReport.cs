namespace Omnistorage.Backends.Multi;

/// <summary>The fanned-out operation a <see cref="MultiWriteReport"/> describes.</summary>
public enum MultiOperation
{
    Write,
    Delete,
    CreateDirectory,
    RemoveDirectory,
}

/// <summary>The step at which one target failed.</summary>
public enum TargetOperation
{
    /// <summary>Opening the write on the target.</summary>
    Open,

    /// <summary>Writing bytes to the target's write stream; the target was dropped from the write.</summary>
    Write,

    /// <summary>Committing the target's write.</summary>
    Commit,

    /// <summary>Deleting a committed copy again after the write as a whole failed; the copy may still be there.</summary>
    Rollback,

    Delete,
    CreateDirectory,
    RemoveDirectory,
}

/// <summary>One target's failure within a fanned-out operation.</summary>
/// <param name="Index">The target's position in <see cref="MultiBackend.Targets"/> (0 is the first).</param>
/// <param name="Target">The target's root, for messages (roots need not be unique; <paramref name="Index"/> is).</param>
/// <param name="Operation">The step that failed.</param>
/// <param name="Error">What the target threw.</param>
public sealed record TargetFailure(int Index, string Target, TargetOperation Operation, Exception Error)
{
    /// <summary>The error's <see cref="StorageErrorCode"/>.</summary>
    public StorageErrorCode Code => StorageErrors.Classify(Error);

    public override string ToString() => $"target {Index} ({Target}): {Describe(Operation)} failed: [{Code}] {Error.Message}";

    private static string Describe(TargetOperation operation) => operation switch
    {
        TargetOperation.Open => "open for writing",
        TargetOperation.Write => "write",
        TargetOperation.Commit => "commit",
        TargetOperation.Rollback => "rollback (deleting the committed copy)",
        TargetOperation.Delete => "delete",
        TargetOperation.CreateDirectory => "create directory",
        TargetOperation.RemoveDirectory => "remove directory",
        _ => operation.ToString(),
    };
}

/// <summary>
/// The outcome of one fanned-out operation on every target: which targets it reached and which failed, and why.
/// Passed to <see cref="MultiBackendOptions.OnPartialFailure"/> and kept on <see cref="MultiObjectWriteStream.Report"/>.
/// </summary>
public sealed record MultiWriteReport
{
    public required MultiOperation Operation { get; init; }

    /// <summary>The backend-relative path the operation was about.</summary>
    public required string Path { get; init; }

    /// <summary>The positions in <see cref="MultiBackend.Targets"/> of the targets the operation reached, in order.</summary>
    public required IReadOnlyList<int> SucceededTargets { get; init; }

    /// <summary>Every target failure, in target order (a rolled-back target may appear twice: its commit and its rollback).</summary>
    public required IReadOnlyList<TargetFailure> Failures { get; init; }

    /// <summary>How many targets had to succeed under the backend's mode.</summary>
    public required int RequiredTargets { get; init; }

    /// <summary>True when the operation reached at least <see cref="RequiredTargets"/> targets.</summary>
    public bool Succeeded => SucceededTargets.Count >= RequiredTargets;

    /// <summary>True when every target succeeded.</summary>
    public bool IsComplete => Failures.Count == 0;
}
