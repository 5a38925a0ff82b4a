namespace Omnistorage.Sync.Engine;

/// <summary>
/// Writes <see cref="SyncEngine.CheckAsync"/> results the way rclone's <c>check</c> does: a combined report of
/// <c>marker + space + path</c> lines (<c>=</c> match, <c>-</c> only in the source, <c>+</c> only in the destination,
/// <c>*</c> differ, <c>!</c> error) and, optionally, one plain path list per category
/// (<c>--match</c>, <c>--differ</c>, <c>--missing-on-dst</c>, <c>--missing-on-src</c>, <c>--error</c>).
/// The writers are not disposed; the caller owns them.
/// </summary>
public sealed class CheckReportWriter
{
    private readonly long[] _counts = new long[Enum.GetValues<DifferenceKind>().Length];

    /// <summary>Receives every difference as a <c>marker path</c> line.</summary>
    public TextWriter? Combined { get; init; }

    public TextWriter? Match { get; init; }
    public TextWriter? Differ { get; init; }

    /// <summary>Paths only in the source (rclone <c>--missing-on-dst</c>).</summary>
    public TextWriter? MissingOnDestination { get; init; }

    /// <summary>Paths only in the destination (rclone <c>--missing-on-src</c>).</summary>
    public TextWriter? MissingOnSource { get; init; }

    public TextWriter? Error { get; init; }

    /// <summary>How many differences of <paramref name="kind"/> were written so far.</summary>
    public long Count(DifferenceKind kind) => Interlocked.Read(ref _counts[(int)kind]);

    /// <summary>rclone's marker for a kind of difference.</summary>
    public static char GetMarker(DifferenceKind kind) => kind switch
    {
        DifferenceKind.Match => '=',
        DifferenceKind.SourceOnly => '-',
        DifferenceKind.DestinationOnly => '+',
        DifferenceKind.Differ => '*',
        _ => '!',
    };

    /// <summary>The combined report's line for one difference, without the line break.</summary>
    public static string FormatLine(SyncDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return GetMarker(difference.Kind) + " " + difference.Path;
    }

    /// <summary>Writes one difference to the combined report and to its category's list. Not thread-safe.</summary>
    public async ValueTask WriteAsync(SyncDifference difference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(difference);
        _counts[(int)difference.Kind]++;
        if (Combined is not null) await Combined.WriteLineAsync(FormatLine(difference).AsMemory(), cancellationToken).ConfigureAwait(false);
        var category = difference.Kind switch
        {
            DifferenceKind.Match => Match,
            DifferenceKind.Differ => Differ,
            DifferenceKind.SourceOnly => MissingOnDestination,
            DifferenceKind.DestinationOnly => MissingOnSource,
            _ => Error,
        };
        if (category is not null) await category.WriteLineAsync(difference.Path.AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes every difference of <paramref name="differences"/> and returns this writer (for its counts).</summary>
    public async Task<CheckReportWriter> WriteAllAsync(IAsyncEnumerable<SyncDifference> differences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(differences);
        await foreach (var difference in differences.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await WriteAsync(difference, cancellationToken).ConfigureAwait(false);
        }

        return this;
    }
}
