using System.Management.Automation;
using Omnistorage.PowerShell.Internal;

namespace Omnistorage.PowerShell.Provider;

// Copy-Item and Move-Item, within a drive and between drives of any backends. Within one store the backend's
// server-side copy and move are used when it has them; between stores the bytes stream through a bounded buffer.
public sealed partial class OmniProvider
{
    /// <inheritdoc />
    protected override void CopyItem(string path, string copyPath, bool recurse)
    {
        try
        {
            var (source, sourcePath) = Resolve(path);
            var (destination, destinationPath) = Resolve(copyPath);
            using var bridge = NewBridge();
            var info = Stat(bridge, source, sourcePath);
            var target = TargetPath(bridge, info, destination, destinationPath);
            if (info.IsDirectory && ReferenceEquals(source.Store, destination.Store) && (target == sourcePath || StoragePath.IsWithin(target, sourcePath)))
            {
                throw new StorageException(StorageErrorCode.InvalidArgument, $"Cannot copy '{path}' into itself.", source.Backend, sourcePath);
            }

            var progress = new TransferProgress(NextActivityId(), $"Copying {path}");
            bridge.OnTick = () => Emit(progress);
            try
            {
                if (info.IsDirectory) CopyDirectory(bridge, progress, source, info, destination, target, recurse, move: false);
                else if (ShouldProcess(TransferTarget(path, destination, target), "Copy file"))
                {
                    progress.TotalBytes = info.Size;
                    WriteInfo(destination, CopyFile(bridge, progress, source, info, destination, target, overwrite: true));
                }
            }
            finally
            {
                bridge.OnTick = null;
                if (progress.Complete() is { } done) WriteProgress(done);
            }
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
        }
    }

    /// <inheritdoc />
    protected override void MoveItem(string path, string destination)
    {
        try
        {
            var (source, sourcePath) = Resolve(path);
            var (target, destinationPath) = Resolve(destination);
            if (sourcePath.Length == 0) throw new StorageException(StorageErrorCode.InvalidArgument, "The drive root cannot be moved.", source.Backend, sourcePath);
            using var bridge = NewBridge();
            var info = Stat(bridge, source, sourcePath);
            var targetPath = TargetPath(bridge, info, target, destinationPath);
            if (!ShouldProcess(TransferTarget(path, target, targetPath), info.IsDirectory ? "Move directory" : "Move file")) return;
            if (ReferenceEquals(source.Store, target.Store))
            {
                if (info.IsDirectory) bridge.Run(ct => source.Store.MoveDirectoryAsync(sourcePath, targetPath, ct));
                else bridge.Run(ct => source.Store.MoveAsync(sourcePath, targetPath, Force.IsPresent, ct));
                WriteInfo(target, Stat(bridge, target, targetPath));
                return;
            }

            // Between stores: copy, check, and only then delete the source, so a failure never loses data.
            var progress = new TransferProgress(NextActivityId(), $"Moving {path}");
            bridge.OnTick = () => Emit(progress);
            try
            {
                if (info.IsDirectory)
                {
                    if (CopyDirectory(bridge, progress, source, info, target, targetPath, recurse: true, move: true))
                    {
                        bridge.Run(ct => source.Store.PurgeAsync(sourcePath, ct));
                    }
                }
                else
                {
                    progress.TotalBytes = info.Size;
                    var copied = CopyFile(bridge, progress, source, info, target, targetPath, overwrite: Force.IsPresent);
                    bridge.Run(ct => source.Store.DeleteAsync(sourcePath, ct));
                    WriteInfo(target, copied);
                }
            }
            finally
            {
                bridge.OnTick = null;
                if (progress.Complete() is { } done) WriteProgress(done);
            }
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
        }
    }

    /// <summary>
    /// Where a copy or move of <paramref name="info"/> lands: inside the destination when that is an existing
    /// directory (Copy-Item a.txt dir\ gives dir\a.txt), otherwise at the destination path itself.
    /// </summary>
    private static string TargetPath(AsyncBridge bridge, ObjectInfo info, OmniDriveInfo destination, string destinationPath)
    {
        var existing = destinationPath.Length == 0
            ? ObjectInfo.Directory(string.Empty)
            : bridge.Run(ct => destination.Store.TryStatAsync(destinationPath, ct));
        if (existing is { IsDirectory: true } && info.Path.Length > 0) return StoragePath.Combine(destinationPath, info.Name);
        return destinationPath;
    }

    private static string TransferTarget(string path, OmniDriveInfo destination, string target) =>
        $"Item: {path} Destination: {OmniPath.Join(destination.Root, target)}";

    private ObjectInfo CopyFile(AsyncBridge bridge, TransferProgress progress, OmniDriveInfo source, ObjectInfo info,
        OmniDriveInfo destination, string target, bool overwrite)
    {
        progress.BeginItem(OmniPath.Join(source.Root, info.Path));
        var options = new CopyOptions { Overwrite = overwrite, Progress = progress };
        var copied = bridge.Run(ct => ObjectStore.CopyPathAsync(source.Store, info.Path, destination.Store, target, options, ct));
        if (info.Size >= 0 && copied.Size >= 0 && copied.Size != info.Size)
        {
            throw new StorageException(StorageErrorCode.Integrity,
                $"The copy of '{info.Path}' has {copied.Size} bytes where the source has {info.Size}.", destination.Backend, target);
        }

        progress.EndItem(info.Size);
        return copied;
    }

    /// <summary>
    /// Copies a directory (and with <paramref name="recurse"/> its subtree, walked directory by directory so memory
    /// stays flat). Each file failure is reported and the copy goes on; returns true when every item was copied.
    /// </summary>
    private bool CopyDirectory(AsyncBridge bridge, TransferProgress progress, OmniDriveInfo source, ObjectInfo root,
        OmniDriveInfo destination, string target, bool recurse, bool move)
    {
        var complete = true;
        if (!ShouldProcess(TransferTarget(OmniPath.Join(source.Root, root.Path), destination, target), move ? "Move directory" : "Copy directory")) return false;
        if (target.Length > 0) bridge.Run(ct => destination.Store.CreateDirectoryAsync(target, ct));
        if (!move) WriteInfo(destination, target.Length == 0 ? ObjectInfo.Directory(string.Empty) : Stat(bridge, destination, target));
        if (!recurse) return true;

        var pending = new Stack<string>();
        pending.Push(root.Path);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            var subdirectories = new List<string>();
            foreach (var item in bridge.Enumerate(ct => source.Store.ListAsync(directory, ct)))
            {
                var itemTarget = StoragePath.Combine(target, StoragePath.GetRelative(root.Path, item.Path));
                var itemPath = OmniPath.Join(source.Root, item.Path);
                try
                {
                    if (item.IsDirectory)
                    {
                        subdirectories.Add(item.Path);
                        bridge.Run(ct => destination.Store.CreateDirectoryAsync(itemTarget, ct));
                    }
                    else if (move || ShouldProcess(TransferTarget(itemPath, destination, itemTarget), "Copy file"))
                    {
                        var copied = CopyFile(bridge, progress, source, item, destination, itemTarget, overwrite: true);
                        if (!move) WriteInfo(destination, copied);
                    }
                }
                catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
                {
                    complete = false;
                    WriteFailure(ex, itemPath);
                }
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--) pending.Push(subdirectories[i]);
        }

        if (move && !complete)
        {
            WriteError(new ErrorRecord(
                new StorageException(StorageErrorCode.Conflict, $"Some items of '{root.Path}' could not be copied; the source directory was kept.", source.Backend, root.Path),
                OmniErrors.Conflict, ErrorCategory.ResourceUnavailable, OmniPath.Join(source.Root, root.Path)));
        }

        return complete;
    }

    private void Emit(TransferProgress progress)
    {
        if (progress.Emit() is { } record) WriteProgress(record);
    }
}
