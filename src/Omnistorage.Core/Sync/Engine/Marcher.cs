using System.Runtime.CompilerServices;

namespace Omnistorage.Sync.Engine;

/// <summary>
/// One step of a march: an object or directory seen on one or both sides, or a directory that could not be listed.
/// </summary>
/// <param name="Path">The path relative to the two transfer roots (the source's spelling when both sides have it).</param>
/// <param name="Source">The source item as listed (its <see cref="ObjectInfo.Path"/> is the full store path), or null.</param>
/// <param name="Destination">The destination item as listed, or null.</param>
/// <param name="Error">Set when the directory at <paramref name="Path"/> could not be listed; nothing below it was visited.</param>
public sealed record MarchEntry(string Path, ObjectInfo? Source, ObjectInfo? Destination, StorageException? Error = null)
{
    /// <summary>True for a directory present on every side that has it.</summary>
    public bool IsDirectory => Error is null && (Source?.IsDirectory ?? true) && (Destination?.IsDirectory ?? true);

    /// <summary>True when one side has an object and the other a directory of the same name.</summary>
    public bool IsTypeMismatch => Source is not null && Destination is not null && Source.IsDirectory != Destination.IsDirectory;
}

/// <summary>
/// Walks a source and a destination tree together, directory by directory (rclone's march). Each directory is listed
/// on both sides, each listing is sorted by name, and the two are merge-joined, producing one <see cref="MarchEntry"/>
/// per name: source only, destination only, or both. Subdirectories are visited depth-first afterwards.
/// <para>
/// Memory: only the listings of the directory being merged (one per side) are held, plus the names of directories
/// still waiting to be visited; never a whole tree. A single directory of N objects therefore costs O(N) while it is
/// merged, because its listing must be sorted (backends promise no order).
/// </para>
/// <para>
/// Filters: excluded objects are dropped from both listings, so they are invisible to the caller (a sync never deletes
/// an excluded destination object); excluded directories are pruned without being listed. Paths given to the filter
/// are relative to the transfer roots.
/// </para>
/// <para>
/// Case: when the destination is case-insensitive (<see cref="BackendFeatures.IsCaseInsensitive"/>), names are matched
/// ignoring case, so <c>Readme.md</c> in the source pairs with <c>README.md</c> in the destination and the existing
/// destination spelling is kept. Two source names that differ only in case then both pair with the same destination
/// object.
/// </para>
/// </summary>
public sealed class Marcher
{
    private readonly ObjectStore _source;
    private readonly string _sourceRoot;
    private readonly ObjectStore _destination;
    private readonly string _destinationRoot;
    private readonly FilterSet _filter;
    private readonly DateTimeOffset _now;
    private readonly Comparison<string> _compareNames;
    private readonly Comparison<ObjectInfo> _sortByName;

    /// <summary>Prepares a march of <paramref name="sourceRoot"/> on <paramref name="source"/> against <paramref name="destinationRoot"/> on <paramref name="destination"/>.</summary>
    public Marcher(ObjectStore source, string sourceRoot, ObjectStore destination, string destinationRoot, FilterSet? filter = null, DateTimeOffset? now = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _destination = destination ?? throw new ArgumentNullException(nameof(destination));
        _sourceRoot = StoragePath.Normalize(sourceRoot);
        _destinationRoot = StoragePath.Normalize(destinationRoot);
        _filter = filter ?? FilterSet.Empty;
        _now = now ?? DateTimeOffset.UtcNow;
        IsCaseInsensitive = destination.Features.IsCaseInsensitive;
        _compareNames = IsCaseInsensitive ? static (a, b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase) : StoragePath.Compare;

        // The case-insensitive order breaks ties ordinally so that the order is total and stable.
        _sortByName = IsCaseInsensitive
            ? static (a, b) => string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) is var c && c != 0 ? c : StoragePath.Compare(a.Name, b.Name)
            : static (a, b) => StoragePath.Compare(a.Name, b.Name);
    }

    /// <summary>True when names are matched ignoring case (the destination is case-insensitive).</summary>
    public bool IsCaseInsensitive { get; }

    /// <summary>
    /// Streams the entries of both trees. Directory entries come before their contents. A directory that cannot be
    /// listed on either side produces one entry with <see cref="MarchEntry.Error"/> and is skipped. A missing source
    /// root is a <see cref="StorageErrorCode.NotFound"/> error; a missing destination root (or subdirectory) is empty.
    /// </summary>
    public async IAsyncEnumerable<MarchEntry> MarchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pending = new Stack<PendingDirectory>();
        pending.Push(new PendingDirectory(string.Empty, _sourceRoot, _destinationRoot));
        var isRoot = true;
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            List<ObjectInfo> sourceItems = [];
            List<ObjectInfo> destinationItems = [];
            StorageException? failure = null;
            try
            {
                if (directory.SourcePath is not null)
                {
                    sourceItems = await ListSortedAsync(_source, directory.SourcePath, directory.RelativePath, missingIsEmpty: false, cancellationToken).ConfigureAwait(false);
                }

                if (directory.DestinationPath is not null)
                {
                    destinationItems = await ListSortedAsync(_destination, directory.DestinationPath, directory.RelativePath, missingIsEmpty: true, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (StorageException ex) when (!isRoot)
            {
                failure = ex;
            }

            isRoot = false;
            if (failure is not null)
            {
                yield return new MarchEntry(directory.RelativePath, null, null, failure);
                continue;
            }

            var subdirectories = new List<PendingDirectory>();
            int i = 0, j = 0;
            while (i < sourceItems.Count || j < destinationItems.Count)
            {
                var order = i >= sourceItems.Count ? 1 : j >= destinationItems.Count ? -1 : _compareNames(sourceItems[i].Name, destinationItems[j].Name);
                var source = order <= 0 ? sourceItems[i++] : null;
                var destination = order >= 0 ? destinationItems[j++] : null;
                var name = (source ?? destination)!.Name;
                var entry = new MarchEntry(StoragePath.Combine(directory.RelativePath, name), source, destination);
                if (entry.IsDirectory)
                {
                    subdirectories.Add(new PendingDirectory(entry.Path, source?.Path, destination?.Path));
                }

                yield return entry;
            }

            // Pushed in reverse so that they are popped, and so visited, in sorted order.
            for (var k = subdirectories.Count - 1; k >= 0; k--)
            {
                pending.Push(subdirectories[k]);
            }
        }
    }

    private async Task<List<ObjectInfo>> ListSortedAsync(ObjectStore store, string directory, string relativeDirectory, bool missingIsEmpty, CancellationToken cancellationToken)
    {
        var items = new List<ObjectInfo>();
        try
        {
            await foreach (var item in store.ListAsync(directory, cancellationToken).ConfigureAwait(false))
            {
                if (item.Path.Length == 0 || item.Path == directory) continue;
                if (!_filter.IsEmpty)
                {
                    var relative = StoragePath.Combine(relativeDirectory, item.Name);
                    if (item.IsDirectory ? !_filter.IncludesDirectory(relative) : !_filter.IncludesObject(item with { Path = relative }, _now)) continue;
                }

                items.Add(item);
            }
        }
        catch (StorageException ex) when (missingIsEmpty && ex.Code == StorageErrorCode.NotFound)
        {
            return [];
        }

        items.Sort(_sortByName);
        return items;
    }

    /// <summary>A directory waiting to be visited; a null side does not have it (so it is not listed there).</summary>
    private sealed record PendingDirectory(string RelativePath, string? SourcePath, string? DestinationPath);
}
