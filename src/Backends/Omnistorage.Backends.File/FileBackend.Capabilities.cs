namespace Omnistorage.Backends.File;

public sealed partial class FileBackend
{
    /// <summary>
    /// Copies with the file system's own copy (a reflink on Btrfs and XFS, <c>copy_file_range</c> elsewhere on Linux)
    /// into a temporary file beside the destination, then renames it into place, so the destination is never seen
    /// half-written. The source's modification time is kept unless <see cref="CopyOptions.PreserveModificationTime"/>
    /// is false; metadata and content type are ignored (local files have neither). Once started, the copy of one file
    /// is not interrupted by cancellation; the token is checked before and after it.
    /// </summary>
    public ValueTask<ObjectInfo> CopyAsync(string source, string destination, CopyOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        options ??= CopyOptions.Default;
        return new ValueTask<ObjectInfo>(Run(source, "copy", () =>
        {
            var from = _jail.Resolve(source, followFinalLink: true);
            RequireObject(source, from);
            var to = ResolveWriteDestination(destination);
            var directory = Path.GetDirectoryName(to)!;
            var temporaryPath = Path.Join(directory, TemporaryName(Path.GetFileName(to)));
            try
            {
                System.IO.File.Copy(from, temporaryPath, overwrite: false);
            }
            catch (DirectoryNotFoundException)
            {
                EnsureDirectory(directory);
                System.IO.File.Copy(from, temporaryPath, overwrite: false);
            }

            try
            {
                // File.Copy keeps the source's time on every platform .NET supports; only the opposite needs work.
                if (!options.PreserveModificationTime) System.IO.File.SetLastWriteTimeUtc(temporaryPath, DateTime.UtcNow);
                cancellationToken.ThrowIfCancellationRequested();
                Rename(destination, temporaryPath, to, options.Overwrite);
            }
            catch
            {
                System.IO.File.Delete(temporaryPath);
                throw;
            }

            return Describe(destination, to) ?? throw FileErrors.NotFound(destination);
        }));
    }

    /// <summary>
    /// Renames an object (atomically, within one file system). A link as the source is moved itself; a link as the
    /// destination is followed, so its target is replaced.
    /// </summary>
    public ValueTask<ObjectInfo> MoveAsync(string source, string destination, bool overwrite = true, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<ObjectInfo>(Run(source, "move", () =>
        {
            var from = _jail.Resolve(source, followFinalLink: false);
            RequireObject(source, from);
            var to = ResolveWriteDestination(destination);
            try
            {
                Rename(destination, from, to, overwrite);
            }
            catch (StorageException ex) when (ex.InnerException is DirectoryNotFoundException && Exists(from))
            {
                EnsureDirectory(Path.GetDirectoryName(to)!);
                Rename(destination, from, to, overwrite);
            }

            return Describe(destination, to) ?? new ObjectInfo { Path = destination };
        }));
    }

    /// <summary>Renames a directory (atomically, within one file system). The destination must not exist; its parents are created.</summary>
    public ValueTask MoveDirectoryAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Run(source, "move directory", () =>
        {
            if (source.Length == 0 || destination.Length == 0)
            {
                throw FileErrors.Create(StorageErrorCode.InvalidArgument, source, "The root directory cannot be moved, and nothing can be moved onto it.");
            }

            var from = _jail.Resolve(source, followFinalLink: false);
            RequireDirectory(source, from);
            var to = _jail.Resolve(destination, followFinalLink: false);
            if (Exists(to) || RootJail.IsLink(to)) throw StorageException.AlreadyExists(destination, FileErrors.BackendName);
            EnsureDirectory(Path.GetDirectoryName(to)!);
            Directory.Move(from, to);
        });
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Deletes a directory and everything beneath it without following links (a link inside is removed, its target
    /// kept). Purging a link to a directory removes the link only. Purging the root empties it.
    /// </summary>
    public ValueTask PurgeAsync(string directory, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Run(directory, "purge", () =>
        {
            if (directory.Length == 0)
            {
                EmptyRoot(cancellationToken);
                return;
            }

            var local = _jail.Resolve(directory, followFinalLink: false);
            var attributes = RequireDirectory(directory, local);
            if ((attributes & FileAttributes.ReparsePoint) != 0) DeleteLink(local);
            else Directory.Delete(local, recursive: true);
        });
        return ValueTask.CompletedTask;
    }

    /// <summary>Sets the modification time of an object or directory (following links), to the 100 ns tick.</summary>
    public ValueTask SetModificationTimeAsync(string path, DateTimeOffset lastModified, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Run(path, "set the modification time of", () =>
        {
            var local = _jail.Resolve(path, followFinalLink: true);
            var attributes = new FileInfo(local).Attributes;
            if ((int)attributes == -1) throw FileErrors.NotFound(path);
            if ((attributes & FileAttributes.Directory) != 0) Directory.SetLastWriteTimeUtc(local, lastModified.UtcDateTime);
            else System.IO.File.SetLastWriteTimeUtc(local, lastModified.UtcDateTime);
        });
        return ValueTask.CompletedTask;
    }

    /// <summary>The size of the file system holding the root, the space free for this user, and the space in use.</summary>
    public ValueTask<UsageInfo> AboutAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<UsageInfo>(Run(string.Empty, "report usage of", () =>
        {
            var drive = new DriveInfo(_jail.RootPath);
            return new UsageInfo
            {
                Total = drive.TotalSize,
                Free = drive.AvailableFreeSpace,
                Used = drive.TotalSize - drive.TotalFreeSpace,
            };
        }));
    }

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>; without <paramref name="overwrite"/> an existing destination is AlreadyExists.</summary>
    private static void Rename(string path, string from, string to, bool overwrite)
    {
        try
        {
            // Without overwrite, .NET on Unix links the new name and unlinks the old one, which fails atomically when
            // the destination exists; with it, rename(2) replaces the destination atomically.
            System.IO.File.Move(from, to, overwrite);
        }
        catch (IOException ex) when (!overwrite && FileErrors.IsAlreadyExists(ex))
        {
            throw StorageException.AlreadyExists(path, FileErrors.BackendName, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw FileErrors.Wrap(ex, path, "rename onto");
        }
    }

    /// <summary>Throws NotFound when nothing is at <paramref name="local"/> and InvalidArgument when it is a directory.</summary>
    private static void RequireObject(string path, string local)
    {
        var attributes = new FileInfo(local).Attributes;
        if ((int)attributes == -1) throw FileErrors.NotFound(path);
        if ((attributes & FileAttributes.Directory) != 0)
        {
            throw FileErrors.Create(StorageErrorCode.InvalidArgument, path, $"'{path}' is a directory, not an object.");
        }
    }

    private void EmptyRoot(CancellationToken cancellationToken)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
        foreach (var entry in new DirectoryInfo(_jail.RootPath).EnumerateFileSystemInfos("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attributes = entry.Attributes;
            if ((attributes & FileAttributes.ReparsePoint) != 0) DeleteLink(entry.FullName);
            else if ((attributes & FileAttributes.Directory) != 0) Directory.Delete(entry.FullName, recursive: true);
            else System.IO.File.Delete(entry.FullName);
        }
    }
}
