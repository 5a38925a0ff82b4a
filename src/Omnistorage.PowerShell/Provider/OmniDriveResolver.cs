using System.Management.Automation;

namespace Omnistorage.PowerShell.Provider;

/// <summary>
/// Finds the Omni drive a provider path belongs to. Shared by the provider and the cmdlets so that both answer the
/// same way: the preferred drive (the one PowerShell says the path is on) wins when the path lies beneath its root,
/// otherwise the drive with the longest matching root.
/// </summary>
internal static class OmniDriveResolver
{
    public static (OmniDriveInfo Drive, string Path) Resolve(IEnumerable<PSDriveInfo> drives, PSDriveInfo? preferred, string providerPath)
    {
        var normalized = OmniPath.Normalize(providerPath);
        var best = preferred is OmniDriveInfo current && OmniPath.IsUnder(normalized, current.Root) ? current : null;
        if (best is null)
        {
            foreach (var candidate in drives)
            {
                if (candidate is OmniDriveInfo omni && OmniPath.IsUnder(normalized, omni.Root) && (best is null || omni.Root.Length > best.Root.Length))
                {
                    best = omni;
                }
            }
        }

        if (best is null)
        {
            throw new StorageException(StorageErrorCode.NotFound,
                $"No Omni drive contains '{providerPath}'. Create one first: New-PSDrive -Name <name> -PSProvider Omni -Root <uri>.");
        }

        return (best, StoragePath.Normalize(OmniPath.RelativeTo(normalized, best.Root)));
    }
}
