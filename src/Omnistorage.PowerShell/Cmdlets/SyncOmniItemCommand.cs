using System.Collections.Concurrent;
using System.Management.Automation;
using Omnistorage.PowerShell.Internal;
using Omnistorage.Sync;
using Omnistorage.Sync.Engine;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>
/// Sync-OmniItem: copy, sync or move a tree between any two locations (Omni drives or file system paths) with the
/// sync engine's rclone semantics. -WhatIf prints the whole plan; Sync and Move ask before they run (ConfirmImpact
/// High) because they delete; the summary is always returned, and -PassThru adds one object per change.
/// </summary>
[Cmdlet(VerbsData.Sync, "OmniItem", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(OmniSyncResult), typeof(OmniSyncAction))]
public sealed class SyncOmniItemCommand : SyncCmdletBase
{
    private SyncProgress? _latest;

    /// <summary>Copy (never deletes), Sync (make the destination identical) or Move (delete each source once copied).</summary>
    [Parameter]
    [ValidateSet("Copy", "Sync", "Move", IgnoreCase = true)]
    public string Mode { get; set; } = "Sync";

    /// <summary>Compare size and hash instead of size and modification time.</summary>
    [Parameter]
    public SwitchParameter Checksum { get; set; }

    /// <summary>Compare sizes only.</summary>
    [Parameter]
    public SwitchParameter SizeOnly { get; set; }

    /// <summary>Skip objects that are newer at the destination.</summary>
    [Parameter]
    public SwitchParameter Update { get; set; }

    /// <summary>Skip every object that already exists at the destination.</summary>
    [Parameter]
    public SwitchParameter IgnoreExisting { get; set; }

    /// <summary>Transfer every object, equal or not.</summary>
    [Parameter]
    public SwitchParameter IgnoreTimes { get; set; }

    /// <summary>When Sync deletes destination-only objects: After (default; skipped after any error), Before or During.</summary>
    [Parameter]
    [ValidateSet("After", "Before", "During", IgnoreCase = true)]
    public string DeleteMode { get; set; } = "After";

    /// <summary>The most objects the run may delete; more is an error and nothing beyond is deleted.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long MaxDelete { get; set; } = -1;

    /// <summary>The most bytes the run may delete (bytes or with a suffix: 10M, 1G).</summary>
    [Parameter]
    public string? MaxDeleteSize { get; set; }

    /// <summary>A directory on the destination's drive that receives overwritten and deleted objects.</summary>
    [Parameter]
    public string? BackupPath { get; set; }

    /// <summary>Appended to the names of objects moved into -BackupPath.</summary>
    [Parameter]
    public string? Suffix { get; set; }

    /// <summary>Parallel transfers.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int Transfers { get; set; } = 4;

    /// <summary>One limit shared by all transfers: 10M, 512k, or a timetable such as '08:00,512k 18:00,off'.</summary>
    [Parameter]
    public string? BandwidthLimit { get; set; }

    /// <summary>How many times the whole run is repeated after retryable errors.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int Retries { get; set; } = 3;

    /// <summary>With -Mode Move, remove the source directories the move emptied.</summary>
    [Parameter]
    public SwitchParameter DeleteEmptySourceDirectories { get; set; }

    /// <summary>Also write one object per change made (or, with -WhatIf, planned).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var source = ResolveSource();
        if (source is null) return;
        var filters = BuildFilters();
        OmniLocation destination;
        SyncOptions options;
        try
        {
            destination = ResolveTarget(Destination);
            var backup = BackupPath is null ? null : ResolveTarget(BackupPath);
            if (backup is not null && !ReferenceEquals(backup.Store, destination.Store))
            {
                throw new StorageException(StorageErrorCode.InvalidArgument, $"-BackupPath '{BackupPath}' must be on the same drive as the destination.");
            }

            options = new SyncOptions
            {
                Source = source.Store,
                SourcePath = source.Path,
                Destination = destination.Store,
                DestinationPath = destination.Path,
                Mode = Enum.Parse<SyncMode>(Mode, ignoreCase: true),
                DeleteMode = Enum.Parse<Omnistorage.Sync.DeleteMode>(DeleteMode, ignoreCase: true),
                Compare = Checksum ? CompareMode.Checksum : SizeOnly ? CompareMode.SizeOnly : CompareMode.SizeAndModificationTime,
                Update = Update,
                IgnoreExisting = IgnoreExisting,
                IgnoreTimes = IgnoreTimes,
                Filter = filters,
                MaxDelete = MaxDelete,
                MaxDeleteSize = MaxDeleteSize is null ? -1 : FilterParsing.ParseSize(MaxDeleteSize),
                BackupDirectory = backup?.Path,
                Suffix = Suffix,
                Transfers = Transfers,
                Checkers = Checkers,
                Bandwidth = BandwidthLimiter.FromSpec(BandwidthLimit),
                Retries = Retries,
                DeleteEmptySourceDirectories = DeleteEmptySourceDirectories,
            };
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            ThrowTerminatingError(OmniErrors.Record(ex, Destination));
            return;
        }

        var description = $"{source.ProviderPath} -> {destination.ProviderPath}";
        var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var flag) && ((SwitchParameter)flag).IsPresent;
        if (whatIf)
        {
            Run(options with { DryRun = true }, description, plan: true);
            return;
        }

        // Copy never deletes, so it runs without asking; Sync and Move delete, so they go through ShouldProcess once.
        if (options.Mode != SyncMode.Copy)
        {
            var action = options.Mode == SyncMode.Sync
                ? "Synchronise, deleting destination objects that are not in the source"
                : "Move, deleting each source object once it is copied";
            if (!ShouldProcess(description, action)) return;
        }

        Run(options, description, plan: false);
    }

    private void Run(SyncOptions options, string description, bool plan)
    {
        var actions = new ConcurrentQueue<SyncAction>();
        if (PassThru || plan) options = options with { ActionObserver = new Observer<SyncAction>(actions.Enqueue) };
        var activityId = Math.Abs(description.GetHashCode(StringComparison.Ordinal) % 100000) + 1;
        var activity = $"{(plan ? "Planning" : options.Mode.ToString())} {description}";
        var shown = false;
        void Drain()
        {
            while (actions.TryDequeue(out var action))
            {
                // With -WhatIf, ShouldProcess prints the "What if:" line for each planned change.
                if (plan) ShouldProcess(action.Path, $"{action.Kind} ({action.Reason})");
                if (PassThru) WriteObject(new OmniSyncAction(action));
            }
        }

        Bridge.OnTick = () =>
        {
            Drain();
            if (Volatile.Read(ref _latest) is { } progress)
            {
                WriteProgress(ProgressRecordFor(activityId, activity, progress));
                shown = true;
            }
        };
        SyncResult result;
        try
        {
            result = Bridge.Run(ct => new ValueTask<SyncResult>(SyncEngine.RunAsync(options, new Observer<SyncProgress>(p => Volatile.Write(ref _latest, p)), ct)));
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            ThrowTerminatingError(OmniErrors.Record(ex, description));
            return;
        }
        finally
        {
            Bridge.OnTick = null;
            Drain();
            if (shown) WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        foreach (var warning in result.Warnings) WriteWarning(warning);
        foreach (var error in result.Errors)
        {
            var (id, category) = OmniErrors.Classify(error.Code);
            WriteError(new ErrorRecord(new StorageException(error.Code, $"{error.Path}: {error.Message}"), id, category, error.Path));
        }

        WriteObject(new OmniSyncResult(result, options.Mode.ToString(), options.Source.Root, options.Destination.Root));
    }

    private static ProgressRecord ProgressRecordFor(int activityId, string activity, SyncProgress progress)
    {
        var status = $"{progress.Phase}: {progress.ObjectsChecked} checked, {progress.ObjectsTransferred} transferred ({Format.Size(progress.BytesTransferred)}), " +
                     $"{progress.ObjectsDeleted} deleted, {Format.Size((long)progress.BytesPerSecond)}/s";
        var record = new ProgressRecord(activityId, activity, status)
        {
            CurrentOperation = string.Join(", ", progress.CurrentObjects.Take(4)),
        };
        if (progress.EstimatedRemaining is { } remaining) record.SecondsRemaining = (int)Math.Min(int.MaxValue, remaining.TotalSeconds);
        return record;
    }

    /// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to a context).</summary>
    private sealed class Observer<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
