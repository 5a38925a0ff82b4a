namespace Omnistorage;

/// <summary>
/// Backend-relative paths: <c>/</c>-separated, relative to the backend root, <c>""</c> for the root, no leading or
/// trailing slash, no empty, <c>.</c> or <c>..</c> segments. The portable layer validates every path once with
/// <see cref="Normalize"/>; backends can rely on the form.
/// </summary>
public static class StoragePath
{
    /// <summary>The longest path accepted, in UTF-16 code units. Backends may enforce a smaller limit.</summary>
    public const int MaxLength = 4096;

    /// <summary>
    /// Validates <paramref name="path"/> and returns it in canonical form. Leading, trailing and repeated slashes are
    /// removed. A <c>.</c> or <c>..</c> segment, a NUL or other control character, or an over-long path is an
    /// <see cref="StorageErrorCode.InvalidArgument"/> error: nothing can name a place outside the root.
    /// Backslashes are kept as ordinary characters (they are legal in object keys); the PowerShell layer converts them.
    /// </summary>
    public static string Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return string.Empty;
        }

        if (path.Length > MaxLength)
        {
            throw StorageException.InvalidPath(path[..64] + "…", $"longer than {MaxLength} characters");
        }

        var needsRebuild = path[0] == '/' || path[^1] == '/' || path.Contains("//", StringComparison.Ordinal);
        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                throw StorageException.InvalidPath(path, "control characters are not allowed");
            }
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments)
        {
            if (segment is "." or "..")
            {
                throw StorageException.InvalidPath(path, "'.' and '..' segments are not allowed (paths cannot leave the root)");
            }
        }

        return needsRebuild ? string.Join('/', segments) : path;
    }

    /// <summary>Joins two paths that are already normalized (either may be the root, <c>""</c>).</summary>
    public static string Combine(string left, string right) =>
        left.Length == 0 ? right : right.Length == 0 ? left : left + "/" + right;

    /// <summary>The last segment of a normalized path.</summary>
    public static string GetName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    /// <summary>The parent of a normalized path; the root's parent is the root.</summary>
    public static string GetParent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    /// <summary>True when <paramref name="path"/> equals <paramref name="directory"/> or lies beneath it.</summary>
    public static bool IsWithin(string path, string directory) =>
        directory.Length == 0 ||
        (path.StartsWith(directory, StringComparison.Ordinal) && (path.Length == directory.Length || path[directory.Length] == '/'));

    /// <summary>The part of <paramref name="path"/> below <paramref name="directory"/> (which must contain it).</summary>
    public static string GetRelative(string directory, string path)
    {
        if (!IsWithin(path, directory))
        {
            throw new ArgumentException($"'{path}' is not within '{directory}'.", nameof(path));
        }

        return directory.Length == 0 ? path : path.Length == directory.Length ? string.Empty : path[(directory.Length + 1)..];
    }

    /// <summary>
    /// Ordinal comparison of paths segment by segment, so that a directory's contents sort directly after it
    /// (<c>a/b</c> before <c>a-b</c>). Listings that promise sorted order use this.
    /// </summary>
    public static int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b) continue;
            if (a == '/') return -1;
            if (b == '/') return 1;
            return a < b ? -1 : 1;
        }

        return x.Length.CompareTo(y.Length);
    }

    /// <summary>A comparer using <see cref="Compare"/>.</summary>
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(Compare);
}
