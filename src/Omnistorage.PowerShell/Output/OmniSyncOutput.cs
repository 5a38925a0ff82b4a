using Omnistorage.Sync;

namespace Omnistorage.PowerShell;

/// <summary>The summary Sync-OmniItem always returns: what was checked, transferred and deleted, and what failed.</summary>
public sealed class OmniSyncResult
{
    internal OmniSyncResult(SyncResult result, string mode, string source, string destination)
    {
        Mode = mode;
        Source = source;
        Destination = destination;
        DryRun = result.DryRun;
        Checked = result.ObjectsChecked;
        Transferred = result.ObjectsTransferred;
        BytesTransferred = result.BytesTransferred;
        Deleted = result.ObjectsDeleted;
        BytesDeleted = result.BytesDeleted;
        SourceDeleted = result.SourceObjectsDeleted;
        ModificationTimesFixed = result.ModificationTimesFixed;
        Skipped = result.ObjectsSkipped;
        DirectoriesRemoved = result.DirectoriesRemoved;
        Errors = result.Errors.Select(e => new OmniSyncError(e)).ToArray();
        Warnings = [.. result.Warnings];
        Duration = result.Duration;
        Attempts = result.Attempts;
    }

    public string Mode { get; }
    public string Source { get; }
    public string Destination { get; }
    /// <summary>True when nothing was changed (-WhatIf).</summary>
    public bool DryRun { get; }
    public long Checked { get; }
    public long Transferred { get; }
    public long BytesTransferred { get; }
    public long Deleted { get; }
    public long BytesDeleted { get; }
    /// <summary>Source objects deleted after their move was verified.</summary>
    public long SourceDeleted { get; }
    public long ModificationTimesFixed { get; }
    public long Skipped { get; }
    public long DirectoriesRemoved { get; }
    public OmniSyncError[] Errors { get; }
    public string[] Warnings { get; }
    public TimeSpan Duration { get; }
    /// <summary>How many times the run was made (retries after retryable errors).</summary>
    public int Attempts { get; }
    public bool Succeeded => Errors.Length == 0;
}

/// <summary>One per-object failure of a sync run.</summary>
public sealed class OmniSyncError
{
    internal OmniSyncError(SyncError error)
    {
        Path = error.Path;
        Code = error.Code.ToString();
        ErrorId = Internal.OmniErrors.Classify(error.Code).Id;
        Message = error.Message;
        IsRetryable = error.IsRetryable;
    }

    public string Path { get; }
    public string Code { get; }
    public string ErrorId { get; }
    public string Message { get; }
    public bool IsRetryable { get; }
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>One change a sync run made or (with -WhatIf) would make, with its reason (Sync-OmniItem -PassThru).</summary>
public sealed class OmniSyncAction
{
    internal OmniSyncAction(SyncAction action)
    {
        Action = action.Kind.ToString();
        Path = action.Path;
        Size = action.Size;
        Reason = action.Reason;
    }

    /// <summary>Copy, SetModificationTime, DeleteDestination, DeleteSource, Backup or RemoveDirectory.</summary>
    public string Action { get; }
    /// <summary>The path relative to the transfer roots.</summary>
    public string Path { get; }
    /// <summary>The bytes involved, or -1.</summary>
    public long Size { get; }
    public string Reason { get; }
    public override string ToString() => $"{Action} {Path}: {Reason}";
}

/// <summary>One compared object (Compare-OmniItem), with rclone check's report marker.</summary>
public sealed class OmniDifference
{
    internal OmniDifference(SyncDifference difference)
    {
        Path = difference.Path;
        Status = difference.Kind.ToString();
        Marker = Omnistorage.Sync.Engine.CheckReportWriter.GetMarker(difference.Kind);
        Detail = difference.Detail;
        ErrorCode = difference.ErrorCode?.ToString();
    }

    /// <summary>The path relative to the compared roots.</summary>
    public string Path { get; }
    /// <summary>Match, Differ, SourceOnly, DestinationOnly or Error.</summary>
    public string Status { get; }
    /// <summary>rclone's combined-report marker: = match, * differ, - only in source, + only in destination, ! error.</summary>
    public char Marker { get; }
    public string? Detail { get; }
    public string? ErrorCode { get; }
    /// <summary>The line rclone check --combined would print.</summary>
    public override string ToString() => $"{Marker} {Path}";
}
