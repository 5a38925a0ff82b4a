namespace Omnistorage.PowerShell.Provider;

// Path arithmetic. PowerShell calls these with provider paths (drive root URI + storage path), with relative paths,
// and with either separator; the scheme://authority prefix of a root is never split.
public sealed partial class OmniProvider
{
    /// <inheritdoc />
    protected override bool IsValidPath(string path) => !string.IsNullOrEmpty(path) && !path.Contains('\0');

    /// <inheritdoc />
    /// <remarks>
    /// Like the base implementation, an empty child gives the parent with a trailing separator: PowerShell relies on
    /// that to tell "the drive root itself" from "an item named like the root's last segment".
    /// </remarks>
    protected override string MakePath(string parent, string child)
    {
        var normalizedParent = OmniPath.Normalize(parent);
        var normalizedChild = OmniPath.Normalize(child).Trim('/');
        if (normalizedChild.Length == 0)
        {
            return normalizedParent.Length == 0 || normalizedParent.EndsWith('/') ? normalizedParent : normalizedParent + "/";
        }

        return OmniPath.Join(normalizedParent, normalizedChild);
    }

    /// <inheritdoc />
    protected override string GetParentPath(string path, string root)
    {
        var normalized = OmniPath.Normalize(path);
        var prefix = OmniPath.PrefixLength(normalized);
        if (normalized.Length > prefix) normalized = normalized.TrimEnd('/');
        if (normalized.Length < prefix) normalized = OmniPath.Normalize(path)[..prefix];
        var normalizedRoot = OmniPath.Normalize(root);
        if (normalizedRoot.Length > 0 && string.Equals(normalized, normalizedRoot.TrimEnd('/'), StringComparison.Ordinal)) return string.Empty;
        if (normalized.Length <= prefix) return string.Empty;
        var lastSlash = normalized.LastIndexOf('/');
        if (lastSlash < prefix) return prefix == 0 ? string.Empty : normalized[..prefix];
        return normalized[..lastSlash];
    }

    /// <inheritdoc />
    protected override string GetChildName(string path)
    {
        var normalized = OmniPath.Normalize(path);
        if (IsDriveRoot(normalized)) return normalized;
        var prefix = OmniPath.PrefixLength(normalized);
        if (normalized.Length <= prefix) return normalized;
        normalized = normalized.TrimEnd('/');
        if (normalized.Length <= prefix) return normalized;
        var lastSlash = normalized.LastIndexOf('/');
        return lastSlash < prefix ? normalized[prefix..] : normalized[(lastSlash + 1)..];
    }

    /// <inheritdoc />
    protected override string NormalizeRelativePath(string path, string basePath)
    {
        var target = Collapse(OmniPath.Normalize(path));
        var from = Collapse(OmniPath.Normalize(basePath));
        if (from.Length == 0) return target;
        if (OmniPath.IsUnder(target, from)) return OmniPath.RelativeTo(target, from);

        // Not beneath the base: climb to the common ancestor, then down (..\other\file).
        var prefix = OmniPath.PrefixLength(from);
        if (OmniPath.PrefixLength(target) != prefix || !target.StartsWith(from[..prefix], StringComparison.Ordinal)) return target;
        var targetSegments = target[prefix..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var baseSegments = from[prefix..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var common = 0;
        while (common < targetSegments.Length && common < baseSegments.Length && targetSegments[common] == baseSegments[common]) common++;
        var parts = Enumerable.Repeat("..", baseSegments.Length - common).Concat(targetSegments.Skip(common));
        return string.Join('/', parts);
    }

    /// <summary>
    /// True when <paramref name="path"/> is the root of an Omni drive. PowerShell treats a root whose child name is the
    /// whole root as the top of the drive (as with <c>/</c> for the FileSystem provider); a URI root's last segment
    /// would make it climb above the root.
    /// </summary>
    private static bool IsDriveRoot(string path)
    {
        var trimmed = path.Length > OmniPath.PrefixLength(path) ? path.TrimEnd('/') : path;
        return OmniDriveInfo.IsRoot(trimmed);
    }

    /// <summary>Resolves <c>.</c> and <c>..</c> segments without ever climbing above the scheme://authority prefix.</summary>
    private static string Collapse(string path)
    {
        if (!path.Contains("/.", StringComparison.Ordinal) && !path.StartsWith('.')) return path;
        var prefix = OmniPath.PrefixLength(path);
        var segments = new List<string>();
        foreach (var segment in path[prefix..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return OmniPath.Join(path[..prefix], string.Join('/', segments));
    }
}
