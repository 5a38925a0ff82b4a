namespace Omnistorage.Sync;

/// <summary>
/// The filter settings of a transfer, named after rclone's flags. Compile them once with
/// <see cref="FilterSet.Create"/>. Rules from the four lists are tried in this order, whatever order they were given
/// in: <see cref="Include"/>, <see cref="Exclude"/>, <see cref="FilterRules"/>, <see cref="FilterFileLines"/> (rclone's
/// fixed order). As rclone advises, prefer one kind; <see cref="FilterRules"/> alone expresses any order.
/// </summary>
public sealed record FilterOptions
{
    /// <summary>Include patterns (<c>--include</c>). Any include pattern implies a final exclude-everything rule.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Exclude patterns (<c>--exclude</c>).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Filter rules (<c>--filter</c>), each <c>+ pattern</c>, <c>- pattern</c> or <c>!</c> (clear the rules so far).</summary>
    public IReadOnlyList<string> FilterRules { get; init; } = [];

    /// <summary>
    /// The lines of filter files (<c>--filter-from</c>): rules as in <see cref="FilterRules"/>, plus blank lines and
    /// comment lines starting with <c>#</c> or <c>;</c>. Lines are trimmed. <see cref="FromFiles"/> reads them from files.
    /// </summary>
    public IReadOnlyList<string> FilterFileLines { get; init; } = [];

    /// <summary>Files smaller than this many bytes are excluded (<c>--min-size</c>). Null or negative: no limit.</summary>
    public long? MinSize { get; init; }

    /// <summary>Files larger than this many bytes are excluded (<c>--max-size</c>). Null or negative: no limit.</summary>
    public long? MaxSize { get; init; }

    /// <summary>Only files at least this old are included (<c>--min-age</c>), measured from the <c>now</c> given when matching.</summary>
    public TimeSpan? MinAge { get; init; }

    /// <summary>Only files at most this old are included (<c>--max-age</c>), measured from the <c>now</c> given when matching.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Only files modified at or after this instant are included (the absolute-date form of <c>--max-age</c>).</summary>
    public DateTimeOffset? NewerThan { get; init; }

    /// <summary>Only files modified at or before this instant are included (the absolute-date form of <c>--min-age</c>).</summary>
    public DateTimeOffset? OlderThan { get; init; }

    /// <summary>Match every pattern case-insensitively (<c>--ignore-case</c>).</summary>
    public bool IgnoreCase { get; init; }

    /// <summary>
    /// Returns options whose <see cref="FilterFileLines"/> are the lines of the given filter files, in order. A line
    /// that is not a rule, blank or a comment fails here with a message naming the file and line number. Combine with
    /// other settings using <c>with</c>.
    /// </summary>
    /// <exception cref="StorageException">A file cannot be read (its code says why), or a line is malformed (InvalidArgument).</exception>
    public static FilterOptions FromFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var lines = new List<string>();
        foreach (var path in paths)
        {
            ArgumentNullException.ThrowIfNull(path);
            string[] fileLines;
            try
            {
                fileLines = File.ReadAllLines(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new StorageException(StorageErrors.Classify(exception),
                    $"Cannot read filter file '{path}': {exception.Message}", path: path, innerException: exception);
            }

            // Checking here lets the message name the file and its line; FilterSet.Create only sees the joined list.
            for (var i = 0; i < fileLines.Length; i++)
            {
                var line = FilterLine.Parse(fileLines[i], isFileLine: true);
                var where = $"filter file '{path}' line {i + 1}";
                if (line.Kind == FilterLineKind.Malformed)
                {
                    throw new StorageException(StorageErrorCode.InvalidArgument,
                        $"Invalid filter rule '{line.Pattern}' ({where}): a rule must be '+ pattern', '- pattern' or '!', " +
                        "a comment starting with '#' or ';', or a blank line.", path: path);
                }

                if (line.Kind is FilterLineKind.Include or FilterLineKind.Exclude)
                {
                    try
                    {
                        GlobPattern.Validate(line.Pattern);
                    }
                    catch (FormatException exception)
                    {
                        throw new StorageException(StorageErrorCode.InvalidArgument,
                            $"Invalid filter rule '{line.Pattern}' ({where}): {exception.Message}.", path: path, innerException: exception);
                    }
                }
            }

            lines.AddRange(fileLines);
        }

        return new FilterOptions { FilterFileLines = lines };
    }
}
