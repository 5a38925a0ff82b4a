namespace Omnistorage.PowerShell.Provider;

/// <summary>
/// Every conversion between PowerShell provider paths and storage paths. A drive's root is its storage URI in a
/// canonical form (<c>memory://logs</c>, <c>file:///data</c>, <c>s3://bucket/prefix</c>); a provider path is that root
/// followed by the item's storage path (<c>memory://logs/2026/app.log</c>). Because each root names its backend and
/// location, a destination path in a cross-drive copy says by itself which drive it belongs to.
/// PowerShell may hand us <c>\</c> or <c>/</c> (and on Windows turns <c>://</c> into <c>:\\</c>); both are accepted and
/// normalised here once.
/// </summary>
internal static class OmniPath
{
    /// <summary>Turns every separator into <c>/</c>.</summary>
    public static string Normalize(string? path) => string.IsNullOrEmpty(path) ? string.Empty : path.Replace('\\', '/');

    /// <summary>
    /// The canonical root of a drive created from <paramref name="uriOrPath"/>: scheme in lower case, no query, no
    /// password, no trailing separator (except when the location itself is empty, as in <c>file:///</c>).
    /// A plain local path becomes a <c>file://</c> URI; a bare backend name (<c>memory</c>) becomes <c>memory://</c>.
    /// </summary>
    public static string CanonicalRoot(string uriOrPath)
    {
        var text = uriOrPath.Trim();
        if (StorageUri.LooksLikeUri(Normalize(text)))
        {
            text = Normalize(text);
            var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
            var scheme = text[..schemeEnd].ToLowerInvariant();
            var rest = text[(schemeEnd + 3)..];
            var cut = rest.IndexOfAny(['?', '#']);
            if (cut >= 0) rest = rest[..cut];

            var slash = rest.IndexOf('/');
            var authority = slash < 0 ? rest : rest[..slash];
            var location = slash < 0 ? string.Empty : rest[slash..];
            var at = authority.LastIndexOf('@');
            if (at >= 0)
            {
                // A password in the URI never becomes part of a path that PowerShell prints.
                var userInfo = authority[..at];
                var colon = userInfo.IndexOf(':');
                if (colon >= 0) authority = userInfo[..colon] + authority[at..];
            }

            location = location.TrimEnd('/');
            return authority.Length == 0 && location.Length == 0 ? scheme + ":///" : scheme + "://" + authority + location;
        }

        if (LooksLikeLocalPath(text))
        {
            var full = System.IO.Path.GetFullPath(ExpandHome(text)).Replace('\\', '/').TrimEnd('/');
            return "file://" + (full.StartsWith('/') ? full : "/" + full);
        }

        return text.ToLowerInvariant() + "://";
    }

    /// <summary>The URI handed to Core's <c>Omni.Open</c>: a local path opens the file backend at that path.</summary>
    public static string OpenTarget(string uriOrPath)
    {
        var text = uriOrPath.Trim();
        if (StorageUri.LooksLikeUri(Normalize(text))) return Normalize(text);
        return LooksLikeLocalPath(text) ? System.IO.Path.GetFullPath(ExpandHome(text)) : text;
    }

    /// <summary>True when <paramref name="path"/> (normalised) is <paramref name="root"/> or lies beneath it.</summary>
    public static bool IsUnder(string path, string root) =>
        path.Length == root.Length
            ? string.Equals(path, root, StringComparison.Ordinal)
            : path.Length > root.Length && path.StartsWith(root, StringComparison.Ordinal) && (root.EndsWith('/') || path[root.Length] == '/');

    /// <summary>The storage path of <paramref name="path"/> relative to <paramref name="root"/> (both normalised), before validation.</summary>
    public static string RelativeTo(string path, string root) =>
        path.Length <= root.Length ? string.Empty : path[root.Length..].Trim('/');

    /// <summary>Joins a drive root (or any provider path) and a storage path.</summary>
    public static string Join(string parent, string child)
    {
        child = Normalize(child).Trim('/');
        if (child.Length == 0) return parent;
        if (parent.Length == 0) return child;
        return parent.EndsWith('/') ? parent + child : parent + "/" + child;
    }

    /// <summary>The length of the part of <paramref name="path"/> that can never be split: <c>scheme://authority</c>, or <c>scheme:///</c>.</summary>
    public static int PrefixLength(string path)
    {
        var schemeEnd = path.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || !IsScheme(path.AsSpan(0, schemeEnd))) return 0;
        var afterSlashes = schemeEnd + 3;
        if (afterSlashes < path.Length && path[afterSlashes] == '/') return afterSlashes + 1;
        var nextSlash = path.IndexOf('/', afterSlashes);
        return nextSlash < 0 ? path.Length : nextSlash;
    }

    private static bool IsScheme(ReadOnlySpan<char> text)
    {
        if (text.Length == 0 || !char.IsAsciiLetter(text[0])) return false;
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return false;
        }

        return true;
    }

    private static bool LooksLikeLocalPath(string text) =>
        text.StartsWith('/') || text.StartsWith('.') || text.StartsWith('~') || text.StartsWith('\\') ||
        (text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':') || text.Contains('/') || text.Contains('\\');

    private static string ExpandHome(string text) =>
        text == "~" || text.StartsWith("~/", StringComparison.Ordinal) || text.StartsWith("~\\", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + text[1..]
            : text;
}
