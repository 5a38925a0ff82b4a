using System.Management.Automation;
using Omnistorage.PowerShell.Internal;
using Omnistorage.PowerShell.Provider;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>
/// Where a cmdlet's path points: a store and a storage path in it. Paths on Omni drives use the drive's store;
/// plain FileSystem paths open a file-backend store on the containing directory, owned (and disposed) by the
/// cmdlet, so <c>Write-OmniRecord -Path ./events.ndjson.gz</c> works without a drive.
/// </summary>
internal sealed record OmniLocation(ObjectStore Store, string Path, string ProviderPath, string Backend, OmniDriveInfo? Drive, bool OwnsStore)
{
    /// <summary>The root URI items under this location are shown with.</summary>
    public string Root => Drive?.Root ?? OmniPath.CanonicalRoot(System.IO.Path.GetDirectoryName(ProviderPath) ?? ProviderPath);
}

/// <summary>
/// The base of every Omni cmdlet: resolving -Path (wildcards) and -LiteralPath to stores, running Core's async calls
/// on the pipeline thread with Ctrl+C support (<see cref="StopProcessing"/> cancels them), and the module's error records.
/// </summary>
public abstract class OmniCmdlet : PSCmdlet
{
    private AsyncBridge? _bridge;
    private volatile bool _stopping;
    private readonly List<ObjectStore> _ownedStores = [];

    internal AsyncBridge Bridge => _bridge ??= new AsyncBridge(() => _stopping);

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        _stopping = true;
        _bridge?.Cancel();
    }

    /// <inheritdoc />
    protected override void EndProcessing() => ReleaseStores();

    /// <summary>Disposes the stores this command opened for FileSystem paths and the bridge.</summary>
    protected void ReleaseStores()
    {
        foreach (var store in _ownedStores)
        {
            try
            {
                store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
            {
                WriteError(OmniErrors.Record(ex, store.Root));
            }
        }

        _ownedStores.Clear();
        _bridge?.Dispose();
        _bridge = null;
    }

    /// <summary>
    /// Resolves existing items: <paramref name="path"/> with wildcards, or literally when <paramref name="literal"/>.
    /// A path that matches nothing is a non-terminating OmniItemNotFound error.
    /// </summary>
    internal IEnumerable<OmniLocation> ResolveExisting(string path, bool literal)
    {
        List<string> providerPaths;
        ProviderInfo provider;
        try
        {
            if (literal)
            {
                providerPaths = [SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _)];
            }
            else
            {
                providerPaths = [.. SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider)];
            }
        }
        catch (ItemNotFoundException ex)
        {
            WriteError(new ErrorRecord(new StorageException(StorageErrorCode.NotFound, ex.Message, null, path, ex), OmniErrors.ItemNotFound, ErrorCategory.ObjectNotFound, path));
            yield break;
        }

        foreach (var providerPath in providerPaths)
        {
            OmniLocation location;
            try
            {
                location = Locate(providerPath, provider);
            }
            catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
            {
                WriteError(OmniErrors.Record(ex, path));
                continue;
            }

            yield return location;
        }
    }

    /// <summary>Resolves a path that may not exist yet (an output file), without wildcard expansion.</summary>
    internal OmniLocation ResolveTarget(string path)
    {
        var providerPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        return Locate(providerPath, provider);
    }

    /// <summary>The store and storage path for a provider path of the Omni or FileSystem provider.</summary>
    internal OmniLocation Locate(string providerPath, ProviderInfo provider)
    {
        if (provider.ImplementingType == typeof(OmniProvider))
        {
            var (drive, storagePath) = OmniDriveResolver.Resolve(SessionState.Drive.GetAll().Where(d => d.Provider?.ImplementingType == typeof(OmniProvider)), null, providerPath);
            return new OmniLocation(drive.Store, storagePath, OmniPath.Join(drive.Root, storagePath), drive.Backend, drive, OwnsStore: false);
        }

        if (provider.ImplementingType.FullName == "Microsoft.PowerShell.Commands.FileSystemProvider")
        {
            var full = System.IO.Path.GetFullPath(providerPath);
            var directory = System.IO.Path.GetDirectoryName(full) ?? full;
            var name = System.IO.Path.GetFileName(full);
            var store = Bridge.Run(ct => Omni.Open(directory, null, null, ct));
            _ownedStores.Add(store);
            return new OmniLocation(store, StoragePath.Normalize(name), full, store.Name, null, OwnsStore: true);
        }

        throw new StorageException(StorageErrorCode.Unsupported,
            $"'{providerPath}' is on the {provider.Name} provider; Omni cmdlets work on Omni drives and file system paths.");
    }

    /// <summary>Reports one item's failure and lets the command go on.</summary>
    internal void WriteFailure(Exception exception, object? target) => WriteError(OmniErrors.Record(exception, target));

    /// <summary>The provider-qualified path PowerShell's provider cmdlets accept (<c>Omnistorage\Omni::memory://x/a</c>).</summary>
    internal string QualifiedPath(OmniLocation location)
    {
        if (location.Drive is null) return "Microsoft.PowerShell.Core\\FileSystem::" + location.ProviderPath;
        return location.Drive.Provider.ModuleName is { Length: > 0 } module
            ? $"{module}\\{location.Drive.Provider.Name}::{location.ProviderPath}"
            : $"{location.Drive.Provider.Name}::{location.ProviderPath}";
    }
}
