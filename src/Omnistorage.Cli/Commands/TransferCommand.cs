using System.Globalization;
using Omnistorage.Sync;
using Omnistorage.Sync.Engine;

namespace Omnistorage.Cli.Commands;

/// <summary>
/// <c>omni copy</c>, <c>omni sync</c> and <c>omni move</c>: one run of <see cref="SyncEngine.RunAsync"/> in the mode of
/// <see cref="TransferSettings.Mode"/>, with rclone's flags and meanings (docs/cli.md, docs/sync.md). Per-file lines
/// come from the engine's action observer as changes happen; the summary and the errors follow the run.
/// </summary>
internal sealed class TransferCommand(CliConsole console)
{
    public async Task<int> ExecuteAsync(TransferSettings settings, CancellationToken cancellationToken)
    {
        // Everything that can be wrong with the flags is judged before anything is opened, so a usage error changes nothing.
        if (settings.Transfers < 1) throw new UsageException("--transfers must be at least 1.");
        if (settings.Checkers < 1) throw new UsageException("--checkers must be at least 1.");
        if (settings.Retries < 0) throw new UsageException("--retries cannot be negative.");
        if (settings.MaxDelete < -1) throw new UsageException("--max-delete must be -1 (no limit) or a count.");
        if (settings.Checksum && settings.SizeOnly) throw new UsageException("--checksum and --size-only cannot be used together.");
        var now = DateTimeOffset.Now;
        var filter = settings.Filters.Build(now);
        var bandwidth = BandwidthLimiter.FromSpec(settings.BandwidthLimit);
        var maxDeleteSize = settings.MaxDeleteSize is null ? -1 : FilterParsing.ParseSize(settings.MaxDeleteSize);
        var sourceRemote = Remote.Parse(settings.Source);
        var destinationRemote = Remote.Parse(settings.Destination);
        var backupRemote = settings.BackupDirectory is null ? null : Remote.Parse(settings.BackupDirectory);

        await using var source = await TransferLocations.OpenSourceAsync(sourceRemote, filter, now, cancellationToken).ConfigureAwait(false);
        // Overlaps are judged from descriptions, before the destination is created, so that a refused run leaves nothing behind.
        var destinationDescription = await TransferLocations.DescribeAsync(destinationRemote, cancellationToken).ConfigureAwait(false);
        TransferLocations.RefuseOverlap(source, destinationDescription, sourceRemote.Text, destinationRemote.Text);
        LocationDescription? backupDescription = null;
        if (backupRemote is not null)
        {
            backupDescription = await TransferLocations.DescribeAsync(backupRemote, cancellationToken).ConfigureAwait(false);
            TransferLocations.RefuseOverlap(source, backupDescription, sourceRemote.Text, backupRemote.Text);
        }

        await using var destination = await TransferLocations.OpenDestinationAsync(destinationRemote, destinationDescription,
            backupRemote, backupDescription, create: !settings.DryRun, cancellationToken).ConfigureAwait(false);

        using var progress = settings.Progress && console.ErrorIsTerminal ? new SyncProgressLine(console.Error) : null;
        var options = new SyncOptions
        {
            Source = source.Store,
            SourcePath = source.Item.IsDirectory ? source.Item.Path : string.Empty,
            Destination = destination.Store,
            DestinationPath = destination.Path,
            Mode = settings.Mode,
            DeleteMode = settings.DeleteMode,
            Compare = settings.Checksum ? CompareMode.Checksum : settings.SizeOnly ? CompareMode.SizeOnly : CompareMode.SizeAndModificationTime,
            Update = settings.Update,
            IgnoreExisting = settings.IgnoreExisting,
            IgnoreTimes = settings.IgnoreTimes,
            Filter = source.Filter,
            DryRun = settings.DryRun,
            MaxDelete = settings.MaxDelete,
            MaxDeleteSize = maxDeleteSize,
            BackupDirectory = destination.BackupPath,
            Suffix = settings.Suffix,
            Transfers = settings.Transfers,
            Checkers = settings.Checkers,
            Bandwidth = bandwidth,
            Retries = settings.Retries,
            DeleteEmptySourceDirectories = settings.DeleteEmptySourceDirectories,
            ActionObserver = settings.DryRun || settings.Verbose ? new ActionPrinter(console, settings, progress) : null,
        };

        var result = await SyncEngine.RunAsync(options, progress, cancellationToken).ConfigureAwait(false);
        progress?.Dispose();
        foreach (var warning in result.Warnings) console.Error.WriteLine("omni: warning: " + warning);
        foreach (var error in result.Errors)
        {
            console.Error.WriteLine(error.Path.Length == 0 ? $"omni: {error.Message}" : $"omni: {error.Path}: {error.Message}");
        }

        if (settings.Json) WriteJsonSummary(result, settings);
        else WriteTextSummary(result, settings);
        return result.Errors.Count > 0 ? ExitCodes.SomeItemsFailed : ExitCodes.Success;
    }

    private void WriteTextSummary(SyncResult result, TransferSettings settings)
    {
        var output = console.Out;
        var copied = Amount(result.ObjectsTransferred, result.BytesTransferred);
        output.WriteLine(result.DryRun ? $"Dry run:     {copied} would be copied" : $"Copied:      {copied}");
        output.WriteLine($"Skipped:     {result.ObjectsSkipped} unchanged");
        var wouldBe = result.DryRun ? " would be deleted" : string.Empty;
        if (settings.Mode == SyncMode.Sync) output.WriteLine($"Deleted:     {Amount(result.ObjectsDeleted, result.BytesDeleted)}{wouldBe}");
        if (settings.Mode == SyncMode.Move) output.WriteLine($"Deleted:     {result.SourceObjectsDeleted} source file{Plural(result.SourceObjectsDeleted)}{wouldBe}");
        output.WriteLine($"Errors:      {result.Errors.Count}");
        output.WriteLine($"Elapsed:     {Formatting.Duration(result.Duration)}");
    }

    /// <summary>A summary object named after rclone's stats (<c>rclone rc core/stats</c>): camelCase counts, elapsed seconds.</summary>
    private void WriteJsonSummary(SyncResult result, TransferSettings settings) =>
        new JsonOutput(console.Out).WriteDocument(json =>
        {
            json.WriteStartObject();
            json.WriteString("mode", settings.Mode.ToString().ToLowerInvariant());
            json.WriteBoolean("dryRun", result.DryRun);
            json.WriteNumber("checks", result.ObjectsChecked);
            json.WriteNumber("transfers", result.ObjectsTransferred);
            json.WriteNumber("bytes", result.BytesTransferred);
            json.WriteNumber("skipped", result.ObjectsSkipped);
            json.WriteNumber("deletes", result.ObjectsDeleted);
            json.WriteNumber("deletedBytes", result.BytesDeleted);
            json.WriteNumber("sourceDeletes", result.SourceObjectsDeleted);
            json.WriteNumber("modTimesFixed", result.ModificationTimesFixed);
            json.WriteNumber("deletedDirs", result.DirectoriesRemoved);
            json.WriteNumber("errors", result.Errors.Count);
            json.WriteStartArray("errorList");
            foreach (var error in result.Errors)
            {
                json.WriteStartObject();
                json.WriteString("path", error.Path);
                json.WriteString("code", error.Code.ToString());
                json.WriteString("message", error.Message);
                json.WriteBoolean("retryable", error.IsRetryable);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("warnings");
            foreach (var warning in result.Warnings) json.WriteStringValue(warning);
            json.WriteEndArray();
            json.WriteNumber("attempts", result.Attempts);
            json.WriteNumber("elapsedTime", Math.Round(result.Duration.TotalSeconds, 3));
            json.WriteEndObject();
        });

    private static string Amount(long files, long bytes) =>
        $"{files} file{Plural(files)}, {Formatting.HumanSize(bytes)} ({bytes.ToString(CultureInfo.InvariantCulture)} bytes)";

    private static string Plural(long count) => count == 1 ? string.Empty : "s";

    /// <summary>
    /// Prints one line per action as the engine decides it (from worker threads; the console's writers are
    /// synchronized): <c>Would …</c> lines in a dry run, past-tense lines with <c>--verbose</c>. With <c>--json</c> the
    /// lines go to standard error, so that standard output holds only the JSON document.
    /// </summary>
    private sealed class ActionPrinter(CliConsole console, TransferSettings settings, SyncProgressLine? progress) : IProgress<SyncAction>
    {
        public void Report(SyncAction action)
        {
            var line = settings.DryRun ? Planned(action) : Done(action);
            progress?.Clear();
            (settings.Json ? console.Error : console.Out).WriteLine(line);
        }

        private static string Planned(SyncAction action) => action.Kind switch
        {
            SyncActionKind.Copy => $"Would copy: {action.Path} ({Formatting.HumanSize(action.Size)})",
            SyncActionKind.DeleteDestination => $"Would delete: {action.Path}",
            SyncActionKind.DeleteSource => $"Would delete source: {action.Path}",
            SyncActionKind.Backup => $"Would back up: {action.Path} ({action.Reason})",
            SyncActionKind.SetModificationTime => $"Would set modification time: {action.Path}",
            _ => $"Would remove directory: {action.Path} (if empty)",
        };

        private static string Done(SyncAction action) => action.Kind switch
        {
            SyncActionKind.Copy => $"Copied: {action.Path}",
            SyncActionKind.DeleteDestination => $"Deleted: {action.Path}",
            SyncActionKind.DeleteSource => $"Deleted source: {action.Path}",
            SyncActionKind.Backup => $"Backed up: {action.Path} ({action.Reason})",
            SyncActionKind.SetModificationTime => $"Set modification time: {action.Path}",
            _ => $"Removed directory: {action.Path}",
        };
    }
}
