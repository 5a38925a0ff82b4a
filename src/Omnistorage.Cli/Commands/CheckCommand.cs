using System.Text;
using Omnistorage.Sync;
using Omnistorage.Sync.Engine;

namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni check</c>.</summary>
/// <param name="Source">A file or directory.</param>
/// <param name="Destination">The directory to compare it with (never created).</param>
internal sealed record CheckSettings(string Source, string Destination)
{
    /// <summary>Do not report files that exist only in the destination.</summary>
    public bool OneWay { get; init; }

    /// <summary>Compare the bytes when the two backends share no native hash.</summary>
    public bool Download { get; init; }

    public bool SizeOnly { get; init; }
    public FilterSettings Filters { get; init; } = FilterSettings.None;
    public int Checkers { get; init; } = TransferSettings.DefaultCheckers;

    /// <summary>Local files that receive the combined report and the per-category path lists (rclone's report flags).</summary>
    public string? Combined { get; init; }
    public string? Match { get; init; }
    public string? Differ { get; init; }
    public string? MissingOnSource { get; init; }
    public string? MissingOnDestination { get; init; }
    public string? Error { get; init; }

    /// <summary>Print one JSON document (the differences and the counts) instead of the marker lines.</summary>
    public bool Json { get; init; }
}

/// <summary>
/// <c>omni check SRC DST</c> (rclone <c>check</c>): compares the two trees with <see cref="SyncEngine.CheckAsync"/> and
/// prints one <c>marker path</c> line per difference as it is found (<c>*</c> differ, <c>-</c> only in the source,
/// <c>+</c> only in the destination, <c>!</c> error), then rclone's counts on standard error. Exit code 0 when the trees
/// match, 2 otherwise.
/// </summary>
internal sealed class CheckCommand(CliConsole console)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<int> ExecuteAsync(CheckSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Checkers < 1) throw new UsageException("--checkers must be at least 1.");
        var now = DateTimeOffset.Now;
        var filter = settings.Filters.Build(now);
        var sourceRemote = Remote.Parse(settings.Source);
        var destinationRemote = Remote.Parse(settings.Destination);
        await using var source = await TransferLocations.OpenSourceAsync(sourceRemote, filter, now, cancellationToken).ConfigureAwait(false);
        await using var destination = await TransferLocations.OpenDestinationAsync(destinationRemote, null, null, null, create: false, cancellationToken)
            .ConfigureAwait(false);

        var reports = new List<StreamWriter>();
        try
        {
            var writer = new CheckReportWriter
            {
                Combined = OpenReport(settings.Combined, reports),
                Match = OpenReport(settings.Match, reports),
                Differ = OpenReport(settings.Differ, reports),
                MissingOnSource = OpenReport(settings.MissingOnSource, reports),
                MissingOnDestination = OpenReport(settings.MissingOnDestination, reports),
                Error = OpenReport(settings.Error, reports),
            };
            var options = new CheckOptions
            {
                Source = source.Store,
                SourcePath = source.Item.IsDirectory ? source.Item.Path : string.Empty,
                Destination = destination.Store,
                DestinationPath = destination.Path,
                Filter = source.Filter,
                SizeOnly = settings.SizeOnly,
                Download = settings.Download,
                OneWay = settings.OneWay,
                Checkers = settings.Checkers,
            };

            var json = settings.Json ? new JsonOutput(console.Out) : null;
            if (json is not null)
            {
                // One document, streamed: the differences array is written as they arrive and the counts close it.
                console.Out.Write("{\n\"differences\": ");
                json.BeginArray();
            }

            await foreach (var difference in SyncEngine.CheckAsync(options, cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(difference, cancellationToken).ConfigureAwait(false);
                if (difference.Kind == DifferenceKind.Match) continue;
                if (difference.Kind == DifferenceKind.Error) console.Error.WriteLine($"omni: {difference.Path}: {difference.Detail}");
                if (json is null)
                {
                    console.Out.WriteLine(CheckReportWriter.FormatLine(difference));
                    continue;
                }

                json.WriteElement(element =>
                {
                    element.WriteStartObject();
                    element.WriteString("path", difference.Path);
                    element.WriteString("kind", KindName(difference.Kind));
                    if (difference.Detail is not null) element.WriteString("detail", difference.Detail);
                    element.WriteEndObject();
                });
            }

            var missingOnDestination = writer.Count(DifferenceKind.SourceOnly);
            var missingOnSource = writer.Count(DifferenceKind.DestinationOnly);
            var differ = writer.Count(DifferenceKind.Differ);
            var errors = writer.Count(DifferenceKind.Error);
            var matches = writer.Count(DifferenceKind.Match);
            var differences = missingOnDestination + missingOnSource + differ + errors;
            if (json is not null)
            {
                json.EndArray();
                console.Out.Write(",\n\"summary\": ");
                json.WriteDocument(summary =>
                {
                    summary.WriteStartObject();
                    summary.WriteNumber("differences", differences);
                    summary.WriteNumber("differ", differ);
                    summary.WriteNumber("missingOnDst", missingOnDestination);
                    summary.WriteNumber("missingOnSrc", missingOnSource);
                    summary.WriteNumber("errors", errors);
                    summary.WriteNumber("matches", matches);
                    summary.WriteEndObject();
                });
                console.Out.WriteLine("}");
            }

            // rclone's closing notices, in its order and wording.
            if (missingOnDestination > 0) console.Error.WriteLine($"omni: {destinationRemote}: {missingOnDestination} files missing");
            if (missingOnSource > 0) console.Error.WriteLine($"omni: {sourceRemote}: {missingOnSource} files missing");
            console.Error.WriteLine($"omni: {destinationRemote}: {differences} differences found");
            if (errors > 0) console.Error.WriteLine($"omni: {destinationRemote}: {errors} errors while checking");
            if (matches > 0) console.Error.WriteLine($"omni: {destinationRemote}: {matches} matching files");
            return differences > 0 ? ExitCodes.SomeItemsFailed : ExitCodes.Success;
        }
        finally
        {
            foreach (var report in reports) await report.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static StreamWriter? OpenReport(string? path, List<StreamWriter> reports)
    {
        if (path is null) return null;
        var writer = new StreamWriter(Path.GetFullPath(path), append: false, Utf8) { NewLine = "\n" };
        reports.Add(writer);
        return writer;
    }

    private static string KindName(DifferenceKind kind) => kind switch
    {
        DifferenceKind.Match => "match",
        DifferenceKind.Differ => "differ",
        DifferenceKind.SourceOnly => "missing-on-dst",
        DifferenceKind.DestinationOnly => "missing-on-src",
        _ => "error",
    };
}
