using System.IO.Enumeration;

namespace Omnistorage.Backends.File;

public sealed partial class FileBackend
{
    private static readonly EnumerationOptions SingleDirectory = new()
    {
        // Dot-files are ordinary objects here, and an unreadable directory must be an error, not an empty listing.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private static readonly EnumerationOptions WholeTree = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = true,
        ReturnSpecialDirectories = false,
    };

    /// <summary>
    /// Streams the entries of one directory. Each <see cref="ObjectInfo"/> is built from the directory entry itself
    /// (one <c>lstat</c> per entry, which .NET makes anyway for size and time); only links cost more, as they are
    /// resolved and skipped when they leave the root or dangle. Temporary files of writes in progress are not listed.
    /// A missing directory is NotFound; an object is InvalidArgument.
    /// </summary>
    public IAsyncEnumerable<ObjectInfo> ListAsync(string directory, CancellationToken cancellationToken = default) =>
        new SynchronousAsyncEnumerable<ObjectInfo>(() => Enumerate(directory, recursive: false), cancellationToken);

    /// <summary>
    /// Streams everything beneath <paramref name="directory"/>, directories included, from one recursive file-system
    /// enumeration that holds only the queue of directories still to visit. Links to directories inside the root are
    /// listed and descended into, except when that would loop (the target contains the link); links leaving the root
    /// are skipped.
    /// </summary>
    public IAsyncEnumerable<ObjectInfo> ListRecursiveAsync(string directory, CancellationToken cancellationToken = default) =>
        new SynchronousAsyncEnumerable<ObjectInfo>(() => Enumerate(directory, recursive: true), cancellationToken);

    private IEnumerable<ObjectInfo> Enumerate(string directory, bool recursive)
    {
        var start = Run(directory, "list", () =>
        {
            var local = _jail.Resolve(directory, followFinalLink: true);
            RequireDirectory(directory, local);
            return local;
        });

        // Directories reached through links are enumerated after the tree that holds the link, each as a tree of its
        // own, so that the ordinary part of the tree never pays for link bookkeeping.
        var pending = new Queue<ListingScope>();
        pending.Enqueue(new ListingScope(directory, start, []));
        while (pending.TryDequeue(out var scope))
        {
            var context = new ListingContext(this, scope, recursive ? pending : null);
            IEnumerator<ObjectInfo?> entries;
            try
            {
                entries = context.CreateEnumerable().GetEnumerator();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw WrapListingError(ex, scope.RelativePath, scope.LocalPath);
            }

            using (entries)
            {
                while (true)
                {
                    ObjectInfo? item;
                    try
                    {
                        if (!entries.MoveNext()) break;
                        item = entries.Current;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        throw WrapListingError(ex, scope.RelativePath, scope.LocalPath);
                    }

                    if (item is not null) yield return item;
                }
            }
        }
    }

    private static StorageException WrapListingError(Exception exception, string directory, string local)
    {
        // A directory that turned into an object (or vanished) between the check and the enumeration.
        if (exception is DirectoryNotFoundException && System.IO.File.Exists(local))
        {
            return FileErrors.Create(StorageErrorCode.InvalidArgument, directory, $"'{directory}' is an object, not a directory.", exception);
        }

        return FileErrors.Wrap(exception, directory, "list");
    }

    /// <summary>One enumeration root: a directory free of links, the backend path it is listed as, and the links that led to it.</summary>
    /// <param name="RelativePath">The backend path the local directory is listed as.</param>
    /// <param name="LocalPath">The local directory, free of links.</param>
    /// <param name="LinkParents">The local directories holding the links that were followed to get here, for loop detection.</param>
    private sealed record ListingScope(string RelativePath, string LocalPath, IReadOnlyList<string> LinkParents);

    /// <summary>The callbacks of one <see cref="FileSystemEnumerable{TResult}"/>, with the state they share.</summary>
    private sealed class ListingContext(FileBackend backend, ListingScope scope, Queue<ListingScope>? linkedDirectories)
    {
        // Where the part below the scope's directory starts in an entry's directory (a file-system root already ends in a separator).
        private readonly int _belowStart = Path.EndsInDirectorySeparator(scope.LocalPath) ? scope.LocalPath.Length : scope.LocalPath.Length + 1;
        private string? _cachedDirectory;
        private string _cachedPrefix = scope.RelativePath.Length == 0 ? string.Empty : scope.RelativePath + "/";

        public FileSystemEnumerable<ObjectInfo?> CreateEnumerable()
        {
            var recursive = linkedDirectories is not null;
            return new FileSystemEnumerable<ObjectInfo?>(scope.LocalPath, Transform, recursive ? WholeTree : SingleDirectory)
            {
                ShouldIncludePredicate = static (ref FileSystemEntry entry) => !IsTemporary(entry.FileName),
                ShouldRecursePredicate = recursive
                    ? static (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0 && !IsTemporary(entry.FileName)
                    : null,
            };
        }

        private static bool IsTemporary(ReadOnlySpan<char> name) => name.StartsWith(TemporaryFilePrefix, StringComparison.Ordinal);

        private ObjectInfo? Transform(ref FileSystemEntry entry)
        {
            var attributes = entry.Attributes;
            if ((int)attributes == -1) return null; // Deleted between readdir and lstat.
            var path = RelativePath(ref entry);
            if ((attributes & FileAttributes.ReparsePoint) != 0) return DescribeLink(ref entry, path);
            return entry.IsDirectory
                ? ObjectInfo.Directory(path, entry.LastWriteTimeUtc)
                : new ObjectInfo { Path = path, Size = entry.Length, LastModified = entry.LastWriteTimeUtc };
        }

        /// <summary>Builds the backend path of an entry, reusing the prefix of its directory across the directory's entries.</summary>
        private string RelativePath(ref FileSystemEntry entry)
        {
            var directory = entry.Directory;
            if (!directory.SequenceEqual(_cachedDirectory.AsSpan()))
            {
                _cachedDirectory = directory.ToString();
                var below = directory.Length > _belowStart ? directory[_belowStart..].ToString() : string.Empty;
                if (Path.DirectorySeparatorChar != '/') below = below.Replace(Path.DirectorySeparatorChar, '/');
                var joined = StoragePath.Combine(scope.RelativePath, below);
                _cachedPrefix = joined.Length == 0 ? string.Empty : joined + "/";
            }

            return string.Concat(_cachedPrefix, entry.FileName);
        }

        private ObjectInfo? DescribeLink(ref FileSystemEntry entry, string path)
        {
            var linkPath = entry.ToFullPath();
            var target = backend._jail.ResolveListedLink(linkPath);
            if (target is null) return null;
            var info = Describe(path, target);
            if (info is null || !info.IsDirectory || linkedDirectories is null) return info;

            // Descend into the linked directory later, unless it contains the link (or a link followed to get here),
            // which would make the walk endless.
            var linkDirectory = entry.Directory.ToString();
            var loops = backend._jail.IsSameOrAncestor(target, linkDirectory) ||
                        scope.LinkParents.Any(parent => backend._jail.IsSameOrAncestor(target, parent));
            if (!loops)
            {
                linkedDirectories.Enqueue(new ListingScope(path, target, [.. scope.LinkParents, linkDirectory]));
            }

            return info;
        }
    }
}
