using Omnistorage.PowerShell.Provider;

namespace Omnistorage.PowerShell;

/// <summary>
/// One registered backend as Get-OmniBackend and Register-OmniBackend show it: what it is called, the URI schemes that
/// select it, what it can do beyond the required operations, and the options New-PSDrive accepts for it. With
/// <c>Get-OmniBackend -Drive</c> it also describes the live drive: its root and the features its store reports.
/// </summary>
public sealed class OmniBackendInfo
{
    internal OmniBackendInfo(BackendDescriptor descriptor, ISet<string> driveParameterNames, OmniDriveInfo? drive = null)
    {
        Name = descriptor.Name;
        Schemes = [.. descriptor.Schemes];
        Description = descriptor.Description;
        Options = descriptor.Options.Select(option => new OmniBackendOptionInfo(descriptor.Name, option, driveParameterNames)).ToArray();
        var implementation = descriptor.BackendType ?? descriptor.Factory.Method.DeclaringType;
        AssemblyPath = implementation?.Assembly.Location is { Length: > 0 } location ? location : null;
        if (drive is null)
        {
            Capabilities = CapabilitiesOf(descriptor.BackendType);
        }
        else
        {
            Drive = drive.Name;
            Root = drive.Root;
            Features = drive.Features;
            Capabilities = CapabilitiesOf(drive.Features);
        }
    }

    /// <summary>The backend's name, as in <c>Omni.Open</c> and <c>New-PSDrive -Root name</c>.</summary>
    public string Name { get; }

    /// <summary>The URI schemes that select the backend (<c>s3</c> in <c>s3://bucket</c>); may be empty.</summary>
    public string[] Schemes { get; }

    /// <summary>What the backend stores.</summary>
    public string Description { get; }

    /// <summary>
    /// The optional operations the backend implements natively: ServerSideCopy, ServerSideMove, DirectoryMove, Purge,
    /// RecursiveListing, SetModificationTime, About, SignedUrls, NativeHashes, Append, ResumableUploads. Empty when the
    /// backend does not say which class it opens.
    /// </summary>
    public string[] Capabilities { get; }

    /// <summary>The options the backend accepts, with their New-PSDrive parameter names.</summary>
    public OmniBackendOptionInfo[] Options { get; }

    /// <summary>The file the backend was loaded from.</summary>
    public string? AssemblyPath { get; }

    /// <summary>With -Drive: the drive's name; otherwise null.</summary>
    public string? Drive { get; }

    /// <summary>With -Drive: the drive's root URI; otherwise null.</summary>
    public string? Root { get; }

    /// <summary>With -Drive: everything the drive's store reports about itself (hashes, limits, flags); otherwise null.</summary>
    public BackendFeatures? Features { get; }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>The capability names of the optional interfaces in Capabilities.cs that <paramref name="backendType"/> implements.</summary>
    internal static string[] CapabilitiesOf(Type? backendType)
    {
        if (backendType is null) return [];
        return CapabilityTable.Where(entry => entry.Interface.IsAssignableFrom(backendType)).Select(entry => entry.Name).ToArray();
    }

    /// <summary>The same names, from an opened store's features.</summary>
    internal static string[] CapabilitiesOf(BackendFeatures features)
    {
        var names = new List<string>();
        if (features.CanServerSideCopy) names.Add("ServerSideCopy");
        if (features.CanServerSideMove) names.Add("ServerSideMove");
        if (features.CanMoveDirectories) names.Add("DirectoryMove");
        if (features.CanPurge) names.Add("Purge");
        if (features.CanListRecursively) names.Add("RecursiveListing");
        if (features.CanSetModificationTime) names.Add("SetModificationTime");
        if (features.CanAbout) names.Add("About");
        if (features.CanSignUrls) names.Add("SignedUrls");
        if (features.NativeHashes != HashTypes.None) names.Add("NativeHashes");
        if (features.CanAppend) names.Add("Append");
        if (features.CanResumeUploads) names.Add("ResumableUploads");
        return [.. names];
    }

    private static readonly (Type Interface, string Name)[] CapabilityTable =
    [
        (typeof(IServerSideCopy), "ServerSideCopy"),
        (typeof(IServerSideMove), "ServerSideMove"),
        (typeof(IDirectoryMove), "DirectoryMove"),
        (typeof(IPurge), "Purge"),
        (typeof(IRecursiveLister), "RecursiveListing"),
        (typeof(ISetModificationTime), "SetModificationTime"),
        (typeof(IAbout), "About"),
        (typeof(ISignedUrls), "SignedUrls"),
        (typeof(INativeHashes), "NativeHashes"),
        (typeof(IAppendableWrites), "Append"),
        (typeof(IResumableUploads), "ResumableUploads"),
    ];
}

/// <summary>One option of a backend: how to give it (URI query, New-PSDrive parameter, environment variable) and what it takes.</summary>
public sealed class OmniBackendOptionInfo
{
    internal OmniBackendOptionInfo(string backend, BackendOptionDescriptor option, ISet<string> driveParameterNames)
    {
        Backend = backend;
        Name = option.Name;
        var parameterName = DriveParameters.ParameterName(option.Name);
        ParameterName = driveParameterNames.Contains(parameterName) ? parameterName : null;
        Type = option.Type.ToString();

        // A secret's default is not shown either: it would be the one place a secret value could reach the console.
        Default = option.IsSecret ? null : option.Default;
        IsRequired = option.IsRequired;
        IsSecret = option.IsSecret;
        EnvironmentVariable = option.EnvironmentVariable;
        AllowedValues = option.AllowedValues is { } allowed ? [.. allowed] : [];
        Help = option.Help;
    }

    /// <summary>The backend the option belongs to.</summary>
    public string Backend { get; }

    /// <summary>The option's name in kebab-case, as in a URI query (<c>?create-root=false</c>) and in <c>New-PSDrive -Option</c>.</summary>
    public string Name { get; }

    /// <summary>The New-PSDrive parameter that sets it (<c>-CreateRoot</c>); null when only <c>-Option</c> or the root URI can.</summary>
    public string? ParameterName { get; }

    /// <summary>String, Integer, Boolean, Size, Duration or Choice.</summary>
    public string Type { get; }

    /// <summary>The value used when the option is not given; null for none.</summary>
    public object? Default { get; }

    /// <summary>The backend cannot be opened without it.</summary>
    public bool IsRequired { get; }

    /// <summary>A password, key or token: never printed or logged.</summary>
    public bool IsSecret { get; }

    /// <summary>The environment variable read when the option is not given.</summary>
    public string? EnvironmentVariable { get; }

    /// <summary>For Choice options: the accepted values.</summary>
    public string[] AllowedValues { get; }

    /// <summary>What the option does.</summary>
    public string Help { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
