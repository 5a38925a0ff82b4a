namespace Omnistorage.Sync;

/// <summary>One include or exclude rule of a <see cref="FilterSet"/>, in the order it is tried.</summary>
internal sealed class FilterRule
{
    private FilterRule(bool include, string text, string origin, GlobPattern pattern, bool appliesToFiles, bool directoryOnly)
    {
        Include = include;
        Text = text;
        Origin = origin;
        Pattern = pattern;
        AppliesToFiles = appliesToFiles;
        DirectoryOnly = directoryOnly;
    }

    public bool Include { get; }

    /// <summary>The pattern as the user wrote it.</summary>
    public string Text { get; }

    /// <summary>Where the rule came from, for error messages and <see cref="FilterSet.ToString"/>.</summary>
    public string Origin { get; }

    public GlobPattern Pattern { get; }

    /// <summary>False only for an included directory rule (<c>+ dir/</c>), which selects directories, never files.</summary>
    public bool AppliesToFiles { get; }

    /// <summary>True for an included directory rule (<c>+ dir/</c>).</summary>
    public bool DirectoryOnly { get; }

    /// <summary>
    /// Compiles a rule. As in rclone, excluding <c>dir/</c> means excluding <c>dir/**</c> (the directory and
    /// everything below it), while including <c>dir/</c> only selects the directory.
    /// </summary>
    public static FilterRule Create(bool include, string text, string origin, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(text);
        var directoryOnly = text.EndsWith('/');
        var compiledText = directoryOnly && !include ? text + "**" : text;
        GlobPattern pattern;
        try
        {
            pattern = GlobPattern.Compile(compiledText, ignoreCase);
        }
        catch (FormatException exception)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument,
                $"Invalid filter rule '{text}' ({origin}): {exception.Message}.", innerException: exception);
        }

        return new FilterRule(include, text, origin, pattern, appliesToFiles: !(directoryOnly && include), directoryOnly && include);
    }

    /// <summary>
    /// False only when no path strictly below <paramref name="directory"/> can match this rule (for an included
    /// directory rule: no directory strictly below it). Must never answer false wrongly, because a false answer
    /// lets the caller skip listing the directory.
    /// </summary>
    public bool MayMatchBelow(ReadOnlySpan<char> directory)
    {
        // An unanchored glob matches the end of a path, and any directory can have a matching path below it.
        if (!Pattern.Anchored || !Pattern.Analysable)
        {
            return true;
        }

        var index = 0;
        while (true)
        {
            if (Pattern.HasDeepSegment)
            {
                if (index >= Pattern.LeadingSegments.Length)
                {
                    return true;
                }
            }
            else if (index >= Pattern.SegmentCount - 1)
            {
                // Without '**' the glob matches paths of exactly SegmentCount segments; a path below this directory
                // has more segments than the directory, so the directory may have at most SegmentCount - 1.
                return false;
            }

            var separator = directory.IndexOf('/');
            var segment = separator < 0 ? directory : directory[..separator];
            if (!Pattern.LeadingSegments[index].IsMatch(segment))
            {
                return false;
            }

            if (separator < 0)
            {
                return true;
            }

            directory = directory[(separator + 1)..];
            index++;
        }
    }

    /// <summary>
    /// True only when every path below the directory (and the directory itself) matches this rule.
    /// <paramref name="directoryWithSlash"/> is the directory path followed by <c>/</c>, the form rclone matches
    /// directory rules against.
    /// </summary>
    public bool MatchesEverythingBelow(ReadOnlySpan<char> directoryWithSlash)
    {
        if (Pattern.MatchesEveryFile)
        {
            return true;
        }

        // A glob ending in '**' ends in ".*": once it matches "dir/", it matches "dir/" followed by anything. An
        // embedded regex could contain anchors or lookarounds that break that reasoning, so it is never trusted here.
        return Pattern.EndsWithDoubleStar && !Pattern.ContainsRegex && Pattern.Regex.IsMatch(directoryWithSlash);
    }

    public override string ToString() => (Include ? "+ " : "- ") + Text;
}
