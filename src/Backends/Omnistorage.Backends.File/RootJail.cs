namespace Omnistorage.Backends.File;

/// <summary>
/// Turns backend-relative paths into local paths that are guaranteed to lie inside the root directory, resolving
/// symbolic links (and Windows junctions) on the way.
/// <para>
/// The root itself is resolved once, when the backend opens, so <see cref="RootPath"/> contains no links. A relative
/// path is then checked segment by segment with one <c>readlink</c> per segment: when no segment is a link, the local
/// path is the root joined with the relative path and nothing else is done (the hot path). Only a path that contains
/// a link is resolved fully, like <c>realpath(3)</c>, and every link met on the way must resolve inside the root;
/// otherwise the operation is refused with <see cref="StorageErrorCode.PermissionDenied"/>.
/// </para>
/// <para>
/// The check happens before the operation, so a process that can replace directories inside the root with links
/// while the backend works on them can race it. The jail keeps honest paths and planted links from escaping; it is
/// not a sandbox against a concurrent adversary with write access to the root.
/// </para>
/// </summary>
internal sealed class RootJail
{
    /// <summary>Links resolved before a path is declared a loop, as Linux's <c>MAXSYMLINKS</c>.</summary>
    private const int MaxLinkDepth = 40;

    private static readonly char[] InvalidWindowsNameCharacters = ['\\', ':', '*', '?', '"', '<', '>', '|'];

    private readonly string _rootWithSeparator;
    private readonly StringComparison _comparison;

    public RootJail(string canonicalRoot, bool caseInsensitive)
    {
        RootPath = canonicalRoot;
        _rootWithSeparator = Path.EndsInDirectorySeparator(canonicalRoot) ? canonicalRoot : canonicalRoot + Path.DirectorySeparatorChar;
        _comparison = caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    /// <summary>The root directory with every link resolved, without a trailing separator (except for a file-system root).</summary>
    public string RootPath { get; }

    /// <summary>
    /// Returns the local path for <paramref name="path"/>, inside the root. With <paramref name="followFinalLink"/>
    /// the last segment is resolved as well (the operation acts on what a link points to); without it, a link in the
    /// last segment is returned as the link itself (the operation acts on the link, like <c>rm</c> or <c>mv</c>).
    /// </summary>
    public string Resolve(string path, bool followFinalLink)
    {
        if (path.Length == 0) return RootPath;
        var local = ToLocalUnchecked(path);
        var segmentStart = _rootWithSeparator.Length;
        for (var i = segmentStart; i <= local.Length; i++)
        {
            if (i < local.Length && local[i] != Path.DirectorySeparatorChar) continue;
            ValidateSegment(path, local.AsSpan(segmentStart, i - segmentStart));
            var isFinal = i == local.Length;
            if ((!isFinal || followFinalLink) && IsLink(isFinal ? local : local[..i]))
            {
                return ResolveThroughLinks(path, followFinalLink);
            }

            segmentStart = i + 1;
        }

        return local;
    }

    /// <summary>
    /// Resolves a link found while listing (<paramref name="linkPath"/> is its local path in an already-resolved
    /// directory). Returns the final local target, or null when the link leaves the root, loops, or dangles.
    /// </summary>
    public string? ResolveListedLink(string linkPath)
    {
        var directory = Path.GetDirectoryName(linkPath) ?? RootPath;
        try
        {
            var target = Walk(directory, [Path.GetFileName(linkPath)], linkPath);
            return Exists(target) ? target : null;
        }
        catch (StorageException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="localPath"/> (already free of links) is the root or lies beneath it.</summary>
    public bool IsInside(string localPath) =>
        localPath.Equals(RootPath, _comparison) || localPath.StartsWith(_rootWithSeparator, _comparison);

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="localPath"/> or one of its parent directories (both free of links).</summary>
    public bool IsSameOrAncestor(string ancestor, string localPath) =>
        localPath.Equals(ancestor, _comparison) ||
        (localPath.StartsWith(ancestor, _comparison) &&
         (Path.EndsInDirectorySeparator(ancestor) || localPath[ancestor.Length] == Path.DirectorySeparatorChar));

    /// <summary>Turns a local path inside the root back into a backend-relative path.</summary>
    public string ToRelative(string localPath)
    {
        if (localPath.Length <= _rootWithSeparator.Length) return string.Empty;
        var relative = localPath[_rootWithSeparator.Length..];
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>True when the local path is a symbolic link or a junction. One <c>readlink</c> on Unix; missing paths are not links.</summary>
    public static bool IsLink(string localPath) => GetLinkTarget(localPath) is not null;

    /// <summary>The target a link stores (possibly relative), or null when the path is not a link or does not exist.</summary>
    private static string? GetLinkTarget(string localPath)
    {
        var info = new FileInfo(localPath);
        if (OperatingSystem.IsWindows())
        {
            // Reading a reparse point on Windows opens the file, so ask for the (cached, cheap) attributes first.
            var attributes = info.Attributes;
            if ((int)attributes == -1 || (attributes & FileAttributes.ReparsePoint) == 0) return null;
        }

        return info.LinkTarget;
    }

    /// <summary>Resolves every link in an absolute local path, like <c>realpath(3)</c>; missing trailing parts are kept as written.</summary>
    public static string Canonicalize(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var segments = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        return WalkUnchecked(root, segments, jail: null, display: fullPath);
    }

    private string ToLocalUnchecked(string path) =>
        _rootWithSeparator + (Path.DirectorySeparatorChar == '/' ? path : path.Replace('/', Path.DirectorySeparatorChar));

    private static void ValidateSegment(string path, ReadOnlySpan<char> segment)
    {
        // ObjectStore validates paths already; repeating the cheap part here keeps the root a jail for callers that
        // use the backend directly.
        if (segment.IsEmpty || segment is "." || segment is "..")
        {
            throw FileErrors.Create(StorageErrorCode.InvalidArgument, path,
                $"Invalid path '{path}': empty, '.' and '..' segments are not allowed (paths cannot leave the root).");
        }

        if (OperatingSystem.IsWindows() && (segment.IndexOfAny(InvalidWindowsNameCharacters) >= 0 || segment[^1] is ' ' or '.'))
        {
            throw FileErrors.Create(StorageErrorCode.InvalidArgument, path,
                $"Invalid path '{path}': Windows file names cannot contain \\ : * ? \" < > | or end with a space or a dot.");
        }
    }

    private string ResolveThroughLinks(string path, bool followFinalLink)
    {
        var segments = path.Split('/');
        if (followFinalLink) return Walk(RootPath, segments, path);
        var parent = Walk(RootPath, segments.AsSpan(0, segments.Length - 1).ToArray(), path);
        return Path.Join(parent, segments[^1]);
    }

    private string Walk(string start, string[] segments, string display) => WalkUnchecked(start, segments, this, display);

    /// <summary>
    /// Applies <paramref name="segments"/> to <paramref name="start"/> (a directory free of links), replacing each link
    /// by its target. With a <paramref name="jail"/>, every link's final target must lie inside the root.
    /// </summary>
    private static string WalkUnchecked(string start, string[] segments, RootJail? jail, string display)
    {
        // A stack of pending segments, with a marker after the segments of each link's target: when the marker is
        // popped, 'current' is where that link resolves to, which is the moment to check it against the root.
        var pending = new Stack<PendingSegment>(segments.Length);
        for (var i = segments.Length - 1; i >= 0; i--) pending.Push(new PendingSegment(segments[i], null));
        var current = start;
        var links = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            if (segment.LinkEnd is { } link)
            {
                if (jail is not null && !jail.IsInside(current))
                {
                    throw FileErrors.Create(StorageErrorCode.PermissionDenied, display,
                        $"'{display}' goes through the symbolic link '{link}', which points outside the root of the file backend.");
                }

                continue;
            }

            var name = segment.Name!;
            if (name.Length == 0 || name == ".") continue;
            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var candidate = Path.Join(current, name);
            var target = GetLinkTarget(candidate);
            if (target is null)
            {
                current = candidate;
                continue;
            }

            if (++links > MaxLinkDepth)
            {
                throw FileErrors.Create(StorageErrorCode.InvalidArgument, display, $"'{display}' has too many levels of symbolic links.");
            }

            target = StripDevicePrefix(target);
            pending.Push(new PendingSegment(null, candidate));
            string[] targetSegments;
            if (Path.IsPathRooted(target))
            {
                var targetRoot = Path.GetPathRoot(target) ?? string.Empty;
                current = targetRoot.Length > 0 ? targetRoot : current;
                targetSegments = target[targetRoot.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            }
            else
            {
                targetSegments = target.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            }

            for (var i = targetSegments.Length - 1; i >= 0; i--) pending.Push(new PendingSegment(targetSegments[i], null));
        }

        return current;
    }

    // Windows junction targets can come back in NT form ("\??\C:\dir"); the Win32 form is what the rest of .NET expects.
    private static string StripDevicePrefix(string target) =>
        OperatingSystem.IsWindows() && target.StartsWith(@"\??\", StringComparison.Ordinal) ? target[4..] : target;

    private static bool Exists(string localPath) => (int)new FileInfo(localPath).Attributes != -1;

    private readonly record struct PendingSegment(string? Name, string? LinkEnd);
}
