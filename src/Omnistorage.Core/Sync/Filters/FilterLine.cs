namespace Omnistorage.Sync;

internal enum FilterLineKind
{
    Malformed,
    Skip,
    Clear,
    Include,
    Exclude,
}

/// <summary>One line of rclone's filter syntax: <c>+ pattern</c>, <c>- pattern</c> or <c>!</c>.</summary>
internal readonly record struct FilterLine(FilterLineKind Kind, string Pattern)
{
    /// <summary>
    /// Parses a rule. Lines of a filter file are trimmed first, and blank lines and comments (<c>#</c>, <c>;</c>)
    /// are skipped; rules given one by one (<c>--filter</c>) are taken exactly as written, as rclone does.
    /// </summary>
    public static FilterLine Parse(string line, bool isFileLine)
    {
        if (isFileLine)
        {
            line = line.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                return new FilterLine(FilterLineKind.Skip, string.Empty);
            }
        }

        if (line == "!")
        {
            return new FilterLine(FilterLineKind.Clear, string.Empty);
        }

        if (line.StartsWith("+ ", StringComparison.Ordinal))
        {
            return new FilterLine(FilterLineKind.Include, line[2..]);
        }

        return line.StartsWith("- ", StringComparison.Ordinal)
            ? new FilterLine(FilterLineKind.Exclude, line[2..])
            : new FilterLine(FilterLineKind.Malformed, line);
    }
}
