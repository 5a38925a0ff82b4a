using Omnistorage.Sync;

namespace Omnistorage.Cli.Commands;

/// <summary>
/// The filter flags as typed (rclone's <c>--include</c>, <c>--exclude</c>, <c>--filter</c>, <c>--filter-from</c>,
/// <c>--min-size</c>, <c>--max-size</c>, <c>--min-age</c>, <c>--max-age</c>). Values stay text until <see cref="Build"/>,
/// so that a bad pattern, size or age is reported with Core's own message (an InvalidArgument, exit code 1).
/// </summary>
internal sealed record FilterSettings
{
    public static FilterSettings None { get; } = new();

    public IReadOnlyList<string> Include { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public IReadOnlyList<string> FilterRules { get; init; } = [];

    /// <summary>Local filter files, read in order (<c>--filter-from</c>).</summary>
    public IReadOnlyList<string> FilterFiles { get; init; } = [];

    public string? MinSize { get; init; }
    public string? MaxSize { get; init; }
    public string? MinAge { get; init; }
    public string? MaxAge { get; init; }

    /// <summary>Compiles the flags; <paramref name="now"/> anchors dates without an offset and the relative ages.</summary>
    /// <exception cref="StorageException">A pattern, size, age or filter file is invalid (InvalidArgument), or a filter file cannot be read.</exception>
    public FilterSet Build(DateTimeOffset now)
    {
        var options = FilterFiles.Count > 0 ? FilterOptions.FromFiles(FilterFiles) : new FilterOptions();
        options = options with
        {
            Include = Include,
            Exclude = Exclude,
            FilterRules = FilterRules,
            MinSize = MinSize is null ? null : FilterParsing.ParseSize(MinSize),
            MaxSize = MaxSize is null ? null : FilterParsing.ParseSize(MaxSize),
        };

        // rclone's --max-age takes a duration or a date: a date means "modified at or after", a duration "at most this old".
        if (MaxAge is not null)
        {
            var (age, date) = FilterParsing.ParseAge(MaxAge, now);
            options = options with { MaxAge = age, NewerThan = date };
        }

        if (MinAge is not null)
        {
            var (age, date) = FilterParsing.ParseAge(MinAge, now);
            options = options with { MinAge = age, OlderThan = date };
        }

        return FilterSet.Create(options);
    }
}
