using System.Management.Automation;
using System.Management.Automation.Provider;
using Omnistorage.PowerShell.Internal;

namespace Omnistorage.PowerShell.Provider;

/// <summary>
/// The Omni provider: every storage location Core can open becomes a PowerShell drive, so the provider cmdlets
/// (Get-ChildItem, Copy-Item, Get-Content, ...) work on all backends alike. Each override converts its path once
/// (<see cref="Resolve"/>) and makes one Core call; listings stream item by item.
/// </summary>
[CmdletProvider(ProviderName, ProviderCapabilities.ShouldProcess | ProviderCapabilities.Filter | ProviderCapabilities.Credentials)]
[OutputType(typeof(OmniItem), ProviderCmdlet = ProviderCmdlet.GetChildItem)]
[OutputType(typeof(OmniItem), ProviderCmdlet = ProviderCmdlet.GetItem)]
[OutputType(typeof(OmniItem), ProviderCmdlet = ProviderCmdlet.NewItem)]
[OutputType(typeof(OmniItem), ProviderCmdlet = ProviderCmdlet.CopyItem)]
[OutputType(typeof(OmniItem), ProviderCmdlet = ProviderCmdlet.MoveItem)]
[OutputType(typeof(OmniItem), ProviderCmdlet = ProviderCmdlet.RenameItem)]
[OutputType(typeof(string), ProviderCmdlet = ProviderCmdlet.GetContent)]
public sealed partial class OmniProvider : NavigationCmdletProvider, IContentCmdletProvider
{
    /// <summary>The provider's name, as in <c>New-PSDrive -PSProvider Omni</c>.</summary>
    public const string ProviderName = "Omni";

    private static int _nextActivityId = 0x4f4d;

    /// <inheritdoc />
    protected override PSDriveInfo? NewDrive(PSDriveInfo drive)
    {
        if (drive is OmniDriveInfo) return drive;
        if (drive is null || string.IsNullOrWhiteSpace(drive.Root))
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("An Omni drive needs a root: a storage URI such as memory://name, file:///data or s3://bucket/prefix."),
                OmniErrors.InvalidArgument, ErrorCategory.InvalidArgument, drive));
            return null;
        }

        try
        {
            var options = DriveParameters.Collect(DynamicParameters);
            var target = OmniPath.OpenTarget(drive.Root);
            var (descriptor, _) = Omni.Resolve(target, options);
            ApplyCredential(descriptor, drive.Credential, options);
            using var bridge = NewBridge();
            var store = bridge.Run(ct => Omni.Open(target, options, null, ct));
            var omni = new OmniDriveInfo(drive, OmniPath.CanonicalRoot(drive.Root), store, descriptor.Name, DisplayOptions(descriptor, options));
            omni.Register();
            return omni;
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            ThrowTerminatingError(OmniErrors.Record(ex, drive.Root));
            return null;
        }
    }

    /// <inheritdoc />
    protected override object NewDriveDynamicParameters() => DriveParameters.Build();

    /// <inheritdoc />
    protected override PSDriveInfo RemoveDrive(PSDriveInfo drive)
    {
        if (drive is OmniDriveInfo omni)
        {
            omni.Unregister();
            using var bridge = NewBridge();
            try
            {
                bridge.Run(_ => omni.Store.DisposeAsync());
            }
            catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
            {
                WriteError(OmniErrors.Record(ex, drive.Name));
            }
        }

        return drive;
    }

    /// <summary>
    /// Finds the drive a provider path belongs to and the storage path within it. The current drive wins when the
    /// path lies beneath its root (same store, so copies stay server-side); otherwise the drive with the longest
    /// matching root, which is how a cross-drive destination finds its own backend.
    /// </summary>
    internal (OmniDriveInfo Drive, string Path) Resolve(string providerPath) =>
        OmniDriveResolver.Resolve(ProviderInfo.Drives, PSDriveInfo, providerPath);

    internal AsyncBridge NewBridge() => new(() => Stopping);

    private void WriteFailure(Exception exception, string path) => WriteError(OmniErrors.Record(exception, path));

    private void WriteInfo(OmniDriveInfo drive, ObjectInfo info)
    {
        var providerPath = OmniPath.Join(drive.Root, info.Path);
        WriteItemObject(new OmniItem(info, drive.Root, drive.Backend, providerPath), providerPath, info.IsDirectory);
    }

    private static int NextActivityId() => Interlocked.Increment(ref _nextActivityId);

    private static void ApplyCredential(BackendDescriptor descriptor, PSCredential? credential, Dictionary<string, object?> options)
    {
        if (credential is null || credential == PSCredential.Empty) return;
        var userOption = descriptor.Options.FirstOrDefault(o => o.CredentialPart == CredentialPart.UserName);
        var secretOption = descriptor.Options.FirstOrDefault(o => o.CredentialPart == CredentialPart.Password);
        if (userOption is null && secretOption is null)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"The {descriptor.Name} backend takes no credential; remove -Credential.", descriptor.Name);
        }

        if (userOption is not null && !string.IsNullOrEmpty(credential.UserName)) options.TryAdd(userOption.Name, credential.UserName);
        if (secretOption is not null) options.TryAdd(secretOption.Name, credential.GetNetworkCredential().Password);
    }

    private static Dictionary<string, string> DisplayOptions(BackendDescriptor descriptor, Dictionary<string, object?> options)
    {
        var display = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in options)
        {
            var secret = descriptor.FindOption(name)?.IsSecret ?? false;
            display[name] = secret ? "***" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return display;
    }
}
