using System.Management.Automation;
using Omnistorage.PowerShell.Internal;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>
/// Get-OmniObjectInfo: the details of objects and directories (size, times, content type, metadata, ETag, version)
/// and, on request, their hashes. Stored hashes are used where the backend has them; the others are computed by
/// reading the object once for all requested types.
/// </summary>
// LiteralPath is the default set on purpose: an item piped in carries both PSPath and its storage-relative Path, and
// PowerShell binds properties to the default set first. With Path as the default, "Get-ChildItem s3: | <this cmdlet>"
// would bind the relative Path and resolve it against the current location. Strings still bind to -Path by value.
[Cmdlet(VerbsCommon.Get, "OmniObjectInfo", DefaultParameterSetName = LiteralPathSet)]
[OutputType(typeof(OmniObjectInfo))]
public sealed class GetOmniObjectInfoCommand : OmniCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private HashTypes _hashes;

    /// <summary>Items to describe; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Items to describe, used exactly as written; provider items bind here through their PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The hashes to add to each object's Hashes table.</summary>
    [Parameter]
    [ValidateSet("MD5", "SHA1", "SHA256", "CRC32C", IgnoreCase = true)]
    public string[] Hash { get; set; } = [];

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        foreach (var name in Hash)
        {
            if (HashTypeExtensions.TryParse(name, out var type)) _hashes |= type.ToFlag();
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var path in literal ? LiteralPath : Path)
        {
            foreach (var location in ResolveExisting(path, literal))
            {
                try
                {
                    WriteObject(Describe(location));
                }
                catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
                {
                    WriteFailure(ex, location.ProviderPath);
                }
            }
        }
    }

    private OmniObjectInfo Describe(OmniLocation location)
    {
        var info = location.Path.Length == 0
            ? ObjectInfo.Directory(string.Empty)
            : Bridge.Run(ct => location.Store.StatAsync(location.Path, ct));
        IReadOnlyDictionary<HashType, string>? hashes = null;
        if (!info.IsDirectory && _hashes != HashTypes.None)
        {
            hashes = Bridge.Run(ct => location.Store.GetHashesAsync(location.Path, _hashes, ct));
        }

        return new OmniObjectInfo(info, location.Root, location.Backend, location.Drive?.Name ?? string.Empty, QualifiedPath(location), hashes);
    }
}
