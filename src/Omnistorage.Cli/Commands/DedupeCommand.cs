using Omnistorage.Sync;

namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni dedupe</c>.</summary>
/// <param name="Remote">The directory searched, recursively.</param>
internal sealed record DedupeSettings(string Remote)
{
    public DedupeMode Mode { get; init; } = DedupeMode.List;

    /// <summary>The hash that decides equality; null for the store's first native hash, else SHA-256.</summary>
    public HashType? Hash { get; init; }

    public bool DryRun { get; init; }
    public FilterSettings Filters { get; init; } = FilterSettings.None;
}

/// <summary>
/// <c>omni dedupe REMOTE</c> (rclone <c>dedupe --by-hash</c>): finds files with identical content. <c>list</c> prints
/// each group; <c>first</c>, <c>newest</c> and <c>oldest</c> keep one file of each group and delete the others
/// (<c>Deleted: PATH</c> lines, or <c>Would delete: PATH</c> in a dry run); <c>skip</c> changes nothing.
/// </summary>
internal sealed class DedupeCommand(CliConsole console)
{
    public async Task<int> ExecuteAsync(DedupeSettings settings, CancellationToken cancellationToken)
    {
        var filter = settings.Filters.Build(DateTimeOffset.Now);
        var remote = Remote.Parse(settings.Remote);
        await using var item = await remote.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        if (!item.IsDirectory) throw new UsageException($"'{remote}' is a file; dedupe searches a directory.");
        var options = new DedupeOptions
        {
            Mode = settings.Mode,
            Directory = item.Path,
            Hash = settings.Hash,
            Filters = filter,
            DryRun = settings.DryRun,
        };

        return settings.Mode == DedupeMode.List
            ? await ListAsync(item.Store, options, cancellationToken).ConfigureAwait(false)
            : await RunAsync(item.Store, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ListAsync(ObjectStore store, DedupeOptions options, CancellationToken cancellationToken)
    {
        long groups = 0, redundant = 0, reclaimable = 0;
        await foreach (var group in Dedupe.FindAsync(store, options, cancellationToken).ConfigureAwait(false))
        {
            groups++;
            redundant += group.Objects.Count - 1;
            reclaimable += group.ReclaimableBytes;
            console.Out.WriteLine($"{Formatting.HashName(group.HashType)} {group.Hash}  {Amount(group.Size)}, {group.Objects.Count} copies:");
            foreach (var duplicate in group.Objects) console.Out.WriteLine("  " + duplicate.Path);
        }

        console.Out.WriteLine($"Groups:      {groups} ({redundant} redundant file{(redundant == 1 ? "" : "s")}, {Amount(reclaimable)} reclaimable)");
        return ExitCodes.Success;
    }

    private async Task<int> RunAsync(ObjectStore store, DedupeOptions options, CancellationToken cancellationToken)
    {
        var result = await Dedupe.RunAsync(store, options, cancellationToken).ConfigureAwait(false);
        var failed = new HashSet<string>(result.Errors.Select(error => error.Path ?? string.Empty), StringComparer.Ordinal);
        long planned = 0, plannedBytes = 0;
        var sizes = result.Groups.SelectMany(group => group.Objects.Select(o => (o.Path, group.Size))).ToDictionary(p => p.Path, p => p.Size, StringComparer.Ordinal);
        foreach (var action in result.Actions.Where(action => action.Delete))
        {
            if (options.DryRun)
            {
                planned++;
                plannedBytes += sizes.GetValueOrDefault(action.Path);
                console.Out.WriteLine("Would delete: " + action.Path);
            }
            else if (!failed.Contains(action.Path))
            {
                console.Out.WriteLine("Deleted: " + action.Path);
            }
        }

        foreach (var error in result.Errors) console.Error.WriteLine($"omni: {error.Path}: {error.Message}");
        console.Out.WriteLine($"Groups:      {result.Groups.Count}");
        console.Out.WriteLine(options.DryRun
            ? $"Dry run:     {planned} file{(planned == 1 ? "" : "s")}, {Amount(plannedBytes)} would be deleted"
            : $"Deleted:     {result.Deleted} file{(result.Deleted == 1 ? "" : "s")}, {Amount(result.BytesFreed)}");
        console.Out.WriteLine($"Errors:      {result.Errors.Count}");
        return result.Errors.Count > 0 ? ExitCodes.SomeItemsFailed : ExitCodes.Success;
    }

    private static string Amount(long bytes) =>
        $"{Formatting.HumanSize(bytes)} ({bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes)";
}
