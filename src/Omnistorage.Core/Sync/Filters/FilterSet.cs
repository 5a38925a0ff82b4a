using System.Buffers;
using System.Text;

namespace Omnistorage.Sync;

/// <summary>
/// A compiled set of include/exclude rules and size/age limits with rclone's semantics. Rules are tried in order and
/// the first match wins; when no rule matches, the file is included, unless <see cref="FilterOptions.Include"/> was
/// used, which implies a final exclude-everything rule. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Paths are relative to the root of the transfer: <c>/</c>-separated, no leading or trailing slash. The rule order
/// when several option kinds are given is rclone's fixed order: <see cref="FilterOptions.Include"/>, then
/// <see cref="FilterOptions.Exclude"/>, then <see cref="FilterOptions.FilterRules"/>, then
/// <see cref="FilterOptions.FilterFileLines"/>. Directory pruning is conservative: <see cref="IncludesDirectory"/>
/// answers false only when no file below the directory can be included, so walking with pruning and filtering a
/// full recursive listing with <see cref="IncludesObject(string, long, DateTimeOffset?, DateTimeOffset)"/> select
/// the same files.
/// </remarks>
public sealed class FilterSet
{
    private readonly FilterRule[] _rules;
    private readonly FilterRule[] _fileRules;
    private readonly long _minSize;
    private readonly long _maxSize;
    private readonly TimeSpan? _minAge;
    private readonly TimeSpan? _maxAge;
    private readonly DateTimeOffset? _newerThan;
    private readonly DateTimeOffset? _olderThan;

    private FilterSet(FilterRule[] rules, long minSize, long maxSize, TimeSpan? minAge, TimeSpan? maxAge,
        DateTimeOffset? newerThan, DateTimeOffset? olderThan)
    {
        _rules = rules;
        _fileRules = Array.FindAll(rules, rule => rule.AppliesToFiles);
        _minSize = minSize;
        _maxSize = maxSize;
        _minAge = minAge;
        _maxAge = maxAge;
        _newerThan = newerThan;
        _olderThan = olderThan;
        HasAgeLimits = minAge is not null || maxAge is not null || newerThan is not null || olderThan is not null;
        IsEmpty = rules.Length == 0 && minSize < 0 && maxSize < 0 && !HasAgeLimits;
    }

    /// <summary>A filter that includes everything and prunes nothing.</summary>
    public static FilterSet Empty { get; } = new([], -1, -1, null, null, null, null);

    /// <summary>True when the filter has no rules and no limits, so callers can skip it entirely.</summary>
    public bool IsEmpty { get; }

    /// <summary>True when any path rule is present (directories may be pruned).</summary>
    public bool HasRules => _rules.Length > 0;

    /// <summary>True when an age limit is set, so results depend on the <c>now</c> passed in.</summary>
    public bool HasAgeLimits { get; }

    /// <summary>
    /// Whether <paramref name="item"/> passes the filter. A directory is judged by <see cref="IncludesDirectory"/>;
    /// a file by the rules and the size and age limits.
    /// </summary>
    public bool IncludesObject(ObjectInfo item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.IsDirectory
            ? IncludesDirectory(item.Path)
            : IncludesObject(item.Path, item.Size, item.LastModified, now);
    }

    /// <summary>
    /// Whether the file at <paramref name="path"/> passes the rules and the size and age limits. An unknown size
    /// (-1) is smaller than any minimum and within any maximum, as in rclone; an unknown modification time passes the
    /// age limits, because there is nothing to judge.
    /// </summary>
    /// <param name="path">The file path relative to the transfer root, for example <c>a/b/c.txt</c>.</param>
    /// <param name="size">The size in bytes, or -1 when unknown.</param>
    /// <param name="modified">The modification time, when known.</param>
    /// <param name="now">The reference time for the relative age limits (<see cref="FilterOptions.MinAge"/>, <see cref="FilterOptions.MaxAge"/>).</param>
    public bool IncludesObject(string path, long size, DateTimeOffset? modified, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_minSize >= 0 && size < _minSize)
        {
            return false;
        }

        if (_maxSize >= 0 && size > _maxSize)
        {
            return false;
        }

        if (HasAgeLimits && modified is { } time && !WithinAgeLimits(time, now))
        {
            return false;
        }

        foreach (var rule in _fileRules)
        {
            if (rule.Pattern.Regex.IsMatch(path))
            {
                return rule.Include;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the directory must be listed. False means that no file below it can be included, so the caller can
    /// skip it and everything below it. The root (<c>""</c>) is always included; size and age limits never exclude
    /// a directory.
    /// </summary>
    /// <param name="directoryPath">The directory path relative to the transfer root, for example <c>a/b</c>.</param>
    public bool IncludesDirectory(string directoryPath)
    {
        ArgumentNullException.ThrowIfNull(directoryPath);
        if (_rules.Length == 0 || directoryPath.Length == 0)
        {
            return true;
        }

        // Directory rules are matched against "dir/", as in rclone. The pooled buffer avoids a string per directory.
        var buffer = ArrayPool<char>.Shared.Rent(directoryPath.Length + 1);
        try
        {
            directoryPath.CopyTo(0, buffer, 0, directoryPath.Length);
            buffer[directoryPath.Length] = '/';
            var withSlash = new ReadOnlySpan<char>(buffer, 0, directoryPath.Length + 1);
            foreach (var rule in _rules)
            {
                if (rule.Include)
                {
                    if (rule.MayMatchBelow(directoryPath) || (rule.DirectoryOnly && rule.Pattern.Regex.IsMatch(withSlash)))
                    {
                        return true;
                    }
                }
                else if (rule.MatchesEverythingBelow(withSlash))
                {
                    // Every earlier include rule matches nothing below this directory, and this exclude rule matches
                    // everything below it, so every file below is excluded.
                    return false;
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Compiles <paramref name="options"/>. Throws <see cref="StorageException"/> with
    /// <see cref="StorageErrorCode.InvalidArgument"/> whose message quotes the first bad rule and says where it
    /// came from, or names the contradictory limits.
    /// </summary>
    public static FilterSet Create(FilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new List<FilterRule>();
        for (var i = 0; i < options.Include.Count; i++)
        {
            rules.Add(FilterRule.Create(true, options.Include[i], $"include pattern {i + 1}", options.IgnoreCase));
        }

        for (var i = 0; i < options.Exclude.Count; i++)
        {
            rules.Add(FilterRule.Create(false, options.Exclude[i], $"exclude pattern {i + 1}", options.IgnoreCase));
        }

        for (var i = 0; i < options.FilterRules.Count; i++)
        {
            AddFilterLine(rules, options.FilterRules[i], $"filter rule {i + 1}", isFileLine: false, options.IgnoreCase);
        }

        for (var i = 0; i < options.FilterFileLines.Count; i++)
        {
            AddFilterLine(rules, options.FilterFileLines[i], $"filter file line {i + 1}", isFileLine: true, options.IgnoreCase);
        }

        // rclone adds the implied rule for --include only; a "+" rule in --filter or a filter file does not imply it.
        if (options.Include.Count > 0)
        {
            rules.Add(FilterRule.Create(false, "/**", "implied by include patterns", options.IgnoreCase));
        }

        ValidateLimits(options);
        var hasLimits = options.MinSize is >= 0 || options.MaxSize is >= 0 || options.MinAge is not null ||
                        options.MaxAge is not null || options.NewerThan is not null || options.OlderThan is not null;
        if (rules.Count == 0 && !hasLimits)
        {
            return Empty;
        }

        return new FilterSet([.. rules], options.MinSize ?? -1, options.MaxSize ?? -1, options.MinAge, options.MaxAge,
            options.NewerThan, options.OlderThan);
    }

    /// <summary>The rules in the order they are tried, one per line as <c>+ pattern</c> or <c>- pattern</c>, then the limits.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var rule in _rules)
        {
            text.Append(rule).Append("    # ").AppendLine(rule.Origin);
        }

        AppendLimit(text, "min-size", _minSize >= 0 ? _minSize.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        AppendLimit(text, "max-size", _maxSize >= 0 ? _maxSize.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        AppendLimit(text, "min-age", _minAge?.ToString());
        AppendLimit(text, "max-age", _maxAge?.ToString());
        AppendLimit(text, "newer-than", _newerThan?.ToString("o"));
        AppendLimit(text, "older-than", _olderThan?.ToString("o"));
        return text.ToString();
    }

    private static void AppendLimit(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append("--").Append(name).Append(' ').AppendLine(value);
        }
    }

    // rclone's bounds are inclusive: a file exactly at the boundary passes.
    private bool WithinAgeLimits(DateTimeOffset modified, DateTimeOffset now)
    {
        if (_maxAge is { } maxAge && modified < now - maxAge)
        {
            return false;
        }

        if (_newerThan is { } newerThan && modified < newerThan)
        {
            return false;
        }

        if (_minAge is { } minAge && modified > now - minAge)
        {
            return false;
        }

        return _olderThan is not { } olderThan || modified <= olderThan;
    }

    private static void AddFilterLine(List<FilterRule> rules, string line, string origin, bool isFileLine, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(line);
        switch (FilterLine.Parse(line, isFileLine))
        {
            case { Kind: FilterLineKind.Skip }:
                return;
            case { Kind: FilterLineKind.Clear }:
                rules.Clear();
                return;
            case { Kind: FilterLineKind.Include } parsed:
                rules.Add(FilterRule.Create(true, parsed.Pattern, origin, ignoreCase));
                return;
            case { Kind: FilterLineKind.Exclude } parsed:
                rules.Add(FilterRule.Create(false, parsed.Pattern, origin, ignoreCase));
                return;
            default:
                throw new StorageException(StorageErrorCode.InvalidArgument,
                    $"Invalid filter rule '{line}' ({origin}): a rule must be '+ pattern', '- pattern' or '!'" +
                    (isFileLine ? ", a comment starting with '#' or ';', or a blank line." : "."));
        }
    }

    private static void ValidateLimits(FilterOptions options)
    {
        if (options.MinAge is { } minAge && minAge < TimeSpan.Zero)
        {
            throw Invalid($"The minimum age {minAge} is negative.");
        }

        if (options.MaxAge is { } maxAge && maxAge < TimeSpan.Zero)
        {
            throw Invalid($"The maximum age {maxAge} is negative.");
        }

        if (options.MinAge is { } min && options.MaxAge is { } max && min > max)
        {
            throw Invalid($"The minimum age {min} is larger than the maximum age {max}, so no file could pass.");
        }

        if (options.NewerThan is { } newer && options.OlderThan is { } older && newer > older)
        {
            throw Invalid($"NewerThan {newer:o} is later than OlderThan {older:o}, so no file could pass.");
        }

        if (options.MinSize is >= 0 and var minSize && options.MaxSize is >= 0 and var maxSize && minSize > maxSize)
        {
            throw Invalid($"The minimum size {minSize} is larger than the maximum size {maxSize}, so no file could pass.");
        }

        static StorageException Invalid(string message) => new(StorageErrorCode.InvalidArgument, message);
    }
}
