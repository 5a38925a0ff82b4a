using System.Text;
using Omnistorage.Sync;

namespace Omnistorage.Cli.Commands;

/// <summary>
/// The source side of an engine run. The engine works on directories, so a file source is its parent directory
/// with a filter that lets only that file through (anchored at the root, glob characters escaped).
/// </summary>
/// <param name="Item">The opened source: a directory as its own store root, or a file inside its parent's store.</param>
/// <param name="Filter">The filter for the engine.</param>
internal sealed record TransferSource(RemoteItem Item, FilterSet Filter) : IAsyncDisposable
{
    public ObjectStore Store => Item.Store;

    public ValueTask DisposeAsync() => Item.DisposeAsync();
}

/// <summary>The destination side of an engine run: a store, the transfer root within it and the backup directory within it.</summary>
/// <param name="Store">The opened store: the destination itself, or an ancestor that also holds the backup directory.</param>
/// <param name="Path">The destination directory within <paramref name="Store"/> (<c>""</c> for its root).</param>
/// <param name="BackupPath">The backup directory within <paramref name="Store"/>, when one was asked for.</param>
internal sealed record TransferDestination(ObjectStore Store, string Path, string? BackupPath) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Store.DisposeAsync();
}

/// <summary>A location described by its backend name and root URI, whether or not it exists yet.</summary>
/// <param name="Name">The backend's name (<c>file</c>, <c>memory</c>).</param>
/// <param name="Root">The root URI without a trailing slash (<c>file:///data/a</c>, <c>memory://store/prefix</c>).</param>
internal sealed record LocationDescription(string Name, string Root);

/// <summary>Opens sources and destinations for the engine-backed commands and refuses overlapping ones.</summary>
internal static class TransferLocations
{
    /// <summary>
    /// Opens <paramref name="remote"/> as a source, never creating anything (a missing source is NotFound, exit code
    /// 3). <paramref name="filter"/> is the user's filter; for a file source it is judged here against the file.
    /// </summary>
    public static async Task<TransferSource> OpenSourceAsync(Remote remote, FilterSet filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var item = await remote.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        if (item.Info is not { IsDirectory: false } file) return new TransferSource(item, filter);

        // The user's rules see the file by its name, as rclone's do; a file they exclude leaves nothing to transfer.
        var only = filter.IncludesObject(item.Path, file.Size, file.LastModified, now)
            ? FilterSet.Create(new FilterOptions { Include = ["/" + EscapeGlob(item.Path)] })
            : FilterSet.Create(new FilterOptions { Exclude = ["/**"] });
        return new TransferSource(item, only);
    }

    /// <summary>Escapes the characters that are special in rclone globs, so that a name matches only itself.</summary>
    public static string EscapeGlob(string name)
    {
        var escaped = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (c is '*' or '?' or '[' or ']' or '{' or '}' or '\\') escaped.Append('\\');
            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>
    /// Describes the root <paramref name="remote"/> has, or would have once created: the nearest existing ancestor's
    /// root with the missing segments appended. Null when no ancestor can be opened (opening it later says why).
    /// Nothing is created.
    /// </summary>
    public static async Task<LocationDescription?> DescribeAsync(Remote remote, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        for (var current = remote; current is not null; current = current.Parent)
        {
            try
            {
                await using var store = await current.OpenRootAsync(createRoot: false, cancellationToken).ConfigureAwait(false);
                missing.Reverse();
                return new LocationDescription(store.Name, string.Join('/', [store.Root.TrimEnd('/'), .. missing]));
            }
            catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
            {
                missing.Add(current.Name);
            }
        }

        return null;
    }

    /// <summary>
    /// Refuses a source and destination (or backup directory) that overlap: for a directory source, one lying within
    /// the other; for a file source, the destination being the file's own directory (the file would be its own copy,
    /// and a move would delete it).
    /// </summary>
    public static void RefuseOverlap(TransferSource source, LocationDescription? other, string sourceText, string otherText)
    {
        if (other is null || !string.Equals(source.Store.Name, other.Name, StringComparison.OrdinalIgnoreCase)) return;
        var comparison = source.Store.Features.IsCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var a = source.Store.Root.TrimEnd('/');
        var b = other.Root;
        var overlaps = source.Item.IsDirectory || source.Item.Info is null
            ? string.Equals(a, b, comparison) || b.StartsWith(a + "/", comparison) || a.StartsWith(b + "/", comparison)
            : string.Equals(a, b, comparison);
        if (overlaps)
        {
            throw new UsageException($"'{sourceText}' and '{otherText}' overlap (one lies within the other); transferring between them is refused.");
        }
    }

    /// <summary>
    /// Opens the destination. With a backup remote, the store is opened at the deepest directory holding both, so that
    /// the engine can move files into the backup directory; the two must be on the same store. With
    /// <paramref name="create"/> false nothing is created: a missing destination is addressed inside its nearest
    /// existing ancestor (where the engine sees it as empty).
    /// </summary>
    public static async Task<TransferDestination> OpenDestinationAsync(Remote destination, LocationDescription? destinationDescription,
        Remote? backup, LocationDescription? backupDescription, bool create, CancellationToken cancellationToken)
    {
        var baseRemote = destination;
        var path = string.Empty;
        string? backupPath = null;
        if (backup is not null)
        {
            var common = destinationDescription is not null && backupDescription is not null &&
                string.Equals(destinationDescription.Name, backupDescription.Name, StringComparison.OrdinalIgnoreCase)
                    ? CommonSegmentCount(destinationDescription.Root, backupDescription.Root) ?? 0
                    : 0;
            if (common == 0)
            {
                throw new UsageException($"The backup directory '{backup}' must be on the same store as the destination '{destination}'.");
            }

            var destinationSegments = Segments(destinationDescription!.Root);
            var backupSegments = Segments(backupDescription!.Root);
            for (var up = destinationSegments.Length - common; up > 0; up--)
            {
                baseRemote = baseRemote.Parent ?? throw new UsageException($"The backup directory '{backup}' must be on the same store as the destination '{destination}'.");
            }

            path = string.Join('/', destinationSegments[common..]);
            backupPath = string.Join('/', backupSegments[common..]);
        }

        if (create)
        {
            return new TransferDestination(await baseRemote.OpenRootAsync(createRoot: true, cancellationToken).ConfigureAwait(false), path, backupPath);
        }

        // A dry run or a check must not create the destination, so it is addressed inside its nearest existing ancestor.
        var missing = new List<string>();
        for (var current = baseRemote; ; current = current.Parent)
        {
            try
            {
                var store = await current.OpenRootAsync(createRoot: false, cancellationToken).ConfigureAwait(false);
                missing.Reverse();
                var prefix = string.Join('/', missing);
                return new TransferDestination(store, Combine(prefix, path), backupPath is null ? null : Combine(prefix, backupPath));
            }
            catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound && current.Parent is not null)
            {
                missing.Add(current.Name);
            }
        }
    }

    private static string Combine(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + "/" + b;

    /// <summary>The path segments of a root URI after <c>scheme://</c> (the authority, if any, is the first).</summary>
    private static string[] Segments(string root)
    {
        var start = root.IndexOf("://", StringComparison.Ordinal);
        return (start < 0 ? root : root[(start + 3)..]).TrimEnd('/').Split('/');
    }

    /// <summary>How many leading segments two root URIs share; null when their schemes differ.</summary>
    private static int? CommonSegmentCount(string a, string b)
    {
        var schemeA = a.IndexOf("://", StringComparison.Ordinal) is var i and >= 0 ? a[..i] : string.Empty;
        var schemeB = b.IndexOf("://", StringComparison.Ordinal) is var j and >= 0 ? b[..j] : string.Empty;
        if (!string.Equals(schemeA, schemeB, StringComparison.OrdinalIgnoreCase)) return null;
        var x = Segments(a);
        var y = Segments(b);
        var count = 0;
        while (count < x.Length && count < y.Length && string.Equals(x[count], y[count], StringComparison.Ordinal)) count++;
        return count;
    }
}
