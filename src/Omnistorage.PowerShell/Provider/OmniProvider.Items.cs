using System.Management.Automation;
using System.Text;
using Omnistorage.PowerShell.Internal;

namespace Omnistorage.PowerShell.Provider;

/// <summary>Get-ChildItem's dynamic parameters on Omni drives.</summary>
public sealed class OmniChildItemParameters
{
    /// <summary>Only objects (files).</summary>
    [Parameter]
    public SwitchParameter File { get; set; }

    /// <summary>Only directories.</summary>
    [Parameter]
    public SwitchParameter Directory { get; set; }
}

// Items: existence, listing, creation, removal, rename, copy and move.
public sealed partial class OmniProvider
{
    /// <inheritdoc />
    protected override bool ItemExists(string path) => TryStatForQuery(path) is not null;

    /// <inheritdoc />
    protected override bool IsItemContainer(string path) => TryStatForQuery(path) is { IsDirectory: true };

    /// <summary>
    /// The item for Test-Path-like questions: null when it is missing or the path cannot name an item (these answer
    /// "no", as for files); other failures (access denied, unreachable) surface as errors.
    /// </summary>
    private ObjectInfo? TryStatForQuery(string path)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            if (storagePath.Length == 0) return ObjectInfo.Directory(string.Empty);
            using var bridge = NewBridge();
            return bridge.Run(ct => drive.Store.TryStatAsync(storagePath, ct));
        }
        catch (StorageException ex) when (ex.Code is StorageErrorCode.NotFound or StorageErrorCode.InvalidArgument)
        {
            return null;
        }
    }

    /// <inheritdoc />
    protected override bool HasChildItems(string path)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            using var bridge = NewBridge();
            foreach (var _ in bridge.Enumerate(ct => drive.Store.ListAsync(storagePath, ct))) return true;
            return false;
        }
        catch (StorageException ex) when (ex.Code is StorageErrorCode.NotFound or StorageErrorCode.InvalidArgument)
        {
            return false;
        }
    }

    /// <inheritdoc />
    protected override void GetItem(string path)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            using var bridge = NewBridge();
            WriteInfo(drive, Stat(bridge, drive, storagePath));
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
        }
    }

    /// <inheritdoc />
    protected override object GetChildItemsDynamicParameters(string path, bool recurse) => new OmniChildItemParameters();

    /// <inheritdoc />
    protected override void GetChildItems(string path, bool recurse) => GetChildItems(path, recurse, uint.MaxValue);

    /// <summary>
    /// Streams the children, and with <c>-Recurse</c> the whole subtree, directory by directory in the order
    /// Get-ChildItem shows the FileSystem provider's: a directory's entries, then each of its subdirectories. Each
    /// item is written as soon as the backend returns it; only the names of directories still to visit are kept.
    /// </summary>
    protected override void GetChildItems(string path, bool recurse, uint depth)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            using var bridge = NewBridge();
            var start = Stat(bridge, drive, storagePath);
            var parameters = DynamicParameters as OmniChildItemParameters;
            var filter = string.IsNullOrEmpty(Filter) ? null : new WildcardPattern(Filter, WildcardOptions(drive));
            if (!start.IsDirectory)
            {
                if (Wanted(start, filter, parameters)) WriteInfo(drive, start);
                return;
            }

            var pending = new Stack<(string Directory, uint Level)>();
            pending.Push((storagePath, 0));
            while (pending.Count > 0)
            {
                var (directory, level) = pending.Pop();
                var descend = recurse && level < depth ? new List<string>() : null;
                try
                {
                    foreach (var item in bridge.Enumerate(ct => drive.Store.ListAsync(directory, ct)))
                    {
                        if (item.IsDirectory) descend?.Add(item.Path);
                        if (Wanted(item, filter, parameters)) WriteInfo(drive, item);
                    }
                }
                catch (Exception ex) when (OmniErrors.IsItemFailure(ex) && directory != storagePath)
                {
                    // One unreadable subdirectory is reported and the walk goes on, as with the FileSystem provider.
                    WriteFailure(ex, OmniPath.Join(drive.Root, directory));
                }

                if (descend is null) continue;
                for (var i = descend.Count - 1; i >= 0; i--) pending.Push((descend[i], level + 1));
            }
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
        }
    }

    /// <inheritdoc />
    protected override void GetChildNames(string path, ReturnContainers returnContainers)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            using var bridge = NewBridge();
            var filter = string.IsNullOrEmpty(Filter) ? null : new WildcardPattern(Filter, WildcardOptions(drive));
            foreach (var item in bridge.Enumerate(ct => drive.Store.ListAsync(storagePath, ct)))
            {
                // ReturnAllContainers asks for every directory, matching the filter or not, so that wildcard
                // resolution and -Recurse can descend through them.
                var matches = filter is null || filter.IsMatch(item.Name) || (item.IsDirectory && returnContainers == ReturnContainers.ReturnAllContainers);
                if (matches) WriteItemObject(item.Name, OmniPath.Join(drive.Root, item.Path), item.IsDirectory);
            }
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
        }
    }

    /// <inheritdoc />
    protected override void NewItem(string path, string itemTypeName, object newItemValue)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            var kind = (itemTypeName ?? string.Empty).Trim().ToLowerInvariant();
            var isDirectory = kind is "directory" or "container" or "folder" or "dir";
            if (!isDirectory && kind is not ("" or "file" or "object"))
            {
                throw new StorageException(StorageErrorCode.InvalidArgument, $"Omni drives can create 'File' and 'Directory' items, not '{itemTypeName}'.", drive.Backend, storagePath);
            }

            if (!ShouldProcess(path, isDirectory ? "Create directory" : "Create file")) return;
            using var bridge = NewBridge();
            if (isDirectory)
            {
                bridge.Run(ct => drive.Store.CreateDirectoryAsync(storagePath, ct));
                WriteInfo(drive, Stat(bridge, drive, storagePath));
                return;
            }

            var content = ToBytes(newItemValue);
            var options = new WriteOptions { Overwrite = Force.IsPresent, Size = content.Length };
            WriteInfo(drive, bridge.Run(ct => drive.Store.WriteAllBytesAsync(storagePath, content, options, ct)));
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
        }
    }

    /// <inheritdoc />
    protected override void RemoveItem(string path, bool recurse)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            using var bridge = NewBridge();
            var info = Stat(bridge, drive, storagePath);
            if (!ShouldProcess(path, info.IsDirectory ? (recurse ? "Remove directory and its contents" : "Remove directory") : "Remove file")) return;
            if (!info.IsDirectory) bridge.Run(ct => drive.Store.DeleteAsync(storagePath, ct));
            else if (recurse) bridge.Run(ct => drive.Store.PurgeAsync(storagePath, ct));
            else bridge.Run(ct => drive.Store.RemoveDirectoryAsync(storagePath, ct));
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
        }
    }

    /// <inheritdoc />
    protected override void RenameItem(string path, string newName)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            if (string.IsNullOrEmpty(newName) || newName.Contains('/') || newName.Contains('\\') || newName is "." or "..")
            {
                throw new StorageException(StorageErrorCode.InvalidArgument, $"'{newName}' is not a name; Rename-Item takes a new name only (use Move-Item to move).", drive.Backend, storagePath);
            }

            if (storagePath.Length == 0) throw new StorageException(StorageErrorCode.InvalidArgument, "The drive root cannot be renamed.", drive.Backend, storagePath);
            var target = StoragePath.Combine(StoragePath.GetParent(storagePath), newName);
            if (!ShouldProcess($"Item: {path} Destination: {OmniPath.Join(drive.Root, target)}", "Rename item")) return;
            using var bridge = NewBridge();
            var info = Stat(bridge, drive, storagePath);
            if (info.IsDirectory) bridge.Run(ct => drive.Store.MoveDirectoryAsync(storagePath, target, ct));
            else bridge.Run(ct => drive.Store.MoveAsync(storagePath, target, overwrite: false, ct));
            WriteInfo(drive, Stat(bridge, drive, target));
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
        }
    }

    private static ObjectInfo Stat(AsyncBridge bridge, OmniDriveInfo drive, string storagePath) =>
        storagePath.Length == 0 ? ObjectInfo.Directory(string.Empty) : bridge.Run(ct => drive.Store.StatAsync(storagePath, ct));

    private static bool Wanted(ObjectInfo item, WildcardPattern? filter, OmniChildItemParameters? parameters)
    {
        if (parameters is not null)
        {
            if (parameters.File && !parameters.Directory && item.IsDirectory) return false;
            if (parameters.Directory && !parameters.File && !item.IsDirectory) return false;
        }

        return filter is null || filter.IsMatch(item.Name);
    }

    private static WildcardOptions WildcardOptions(OmniDriveInfo drive) =>
        drive.Features.IsCaseInsensitive ? System.Management.Automation.WildcardOptions.IgnoreCase : System.Management.Automation.WildcardOptions.None;

    /// <summary>New-Item's -Value: bytes as they are, anything else as UTF-8 text (no byte order mark).</summary>
    internal static byte[] ToBytes(object? value) => value switch
    {
        null => [],
        PSObject wrapped => ToBytes(wrapped.BaseObject),
        byte[] bytes => bytes,
        string text => new UTF8Encoding(false).GetBytes(text),
        _ => new UTF8Encoding(false).GetBytes(LanguagePrimitives.ConvertTo<string>(value)),
    };
}
