using System.Management.Automation;
using Omnistorage.Sync;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>The parameters and search shared by Find-OmniDuplicate and Remove-OmniDuplicate.</summary>
public abstract class DuplicateCmdletBase : OmniCmdlet
{
    private protected const string PathSet = "Path";
    private protected const string LiteralPathSet = "LiteralPath";

    /// <summary>Directories to search, recursively; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Directories to search, used exactly as written; provider items bind here through their PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The hash that decides equality; by default the backend's first stored hash, else SHA256.</summary>
    [Parameter]
    [ValidateSet("MD5", "SHA1", "SHA256", "CRC32C", IgnoreCase = true)]
    public string? Hash { get; set; }

    /// <summary>Only objects matching these patterns (rclone filter syntax) take part.</summary>
    [Parameter]
    public string[] Include { get; set; } = [];

    /// <summary>Objects matching these patterns are left out; a pattern ending in / leaves out a whole directory.</summary>
    [Parameter]
    public string[] Exclude { get; set; } = [];

    /// <summary>Include empty objects, which are all identical.</summary>
    [Parameter]
    public SwitchParameter IncludeEmpty { get; set; }

    /// <summary>Runs the search on every resolved directory and hands each group to <paramref name="onGroup"/>.</summary>
    private protected void Search(Action<OmniLocation, DuplicateGroup> onGroup)
    {
        var literal = ParameterSetName == LiteralPathSet;
        DedupeOptions baseOptions;
        try
        {
            baseOptions = new DedupeOptions
            {
                Hash = Hash is null ? null : HashTypeExtensions.TryParse(Hash, out var type) ? type : null,
                Filters = FilterSet.Create(new FilterOptions { Include = Include, Exclude = Exclude }),
                IncludeEmpty = IncludeEmpty,
            };
        }
        catch (StorageException ex)
        {
            ThrowTerminatingError(Internal.OmniErrors.Record(ex, null));
            return;
        }

        foreach (var path in literal ? LiteralPath : Path)
        {
            foreach (var location in ResolveExisting(path, literal))
            {
                try
                {
                    var options = baseOptions with { Directory = location.Path };
                    foreach (var group in Bridge.Enumerate(ct => Dedupe.FindAsync(location.Store, options, ct)))
                    {
                        onGroup(location, group);
                    }
                }
                catch (Exception ex) when (Internal.OmniErrors.IsItemFailure(ex))
                {
                    WriteFailure(ex, location.ProviderPath);
                }
            }
        }
    }

    /// <summary>The root URI items of <paramref name="location"/>'s store are shown with.</summary>
    private protected static string RootOf(OmniLocation location) =>
        location.Drive?.Root ?? Provider.OmniPath.CanonicalRoot(location.Store.Root);
}

/// <summary>
/// Find-OmniDuplicate: groups of objects with identical content beneath directories (rclone dedupe --by-hash, list
/// mode). Only objects whose size occurs more than once are hashed.
/// </summary>
[Cmdlet(VerbsCommon.Find, "OmniDuplicate", DefaultParameterSetName = LiteralPathSet)]
[OutputType(typeof(OmniDuplicateGroup))]
public sealed class FindOmniDuplicateCommand : DuplicateCmdletBase
{
    /// <inheritdoc />
    protected override void ProcessRecord() =>
        Search((location, group) => WriteObject(new OmniDuplicateGroup(group, RootOf(location), location.Backend)));
}

/// <summary>
/// Remove-OmniDuplicate: keeps one object of each group of identical objects (the first by path, the newest or the
/// oldest) and removes the others, asking ShouldProcess for each removal.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "OmniDuplicate", DefaultParameterSetName = LiteralPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(OmniItem))]
public sealed class RemoveOmniDuplicateCommand : DuplicateCmdletBase
{
    /// <summary>Which copy of each group is kept.</summary>
    [Parameter]
    [ValidateSet("First", "Newest", "Oldest", IgnoreCase = true)]
    public string Keep { get; set; } = "First";

    /// <summary>Write each removed object's item to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var mode = Enum.Parse<DedupeMode>(Keep, ignoreCase: true);
        Search((location, group) =>
        {
            var keeper = group.Keeper(mode)!;
            var root = RootOf(location);
            foreach (var duplicate in group.Objects.Where(o => !ReferenceEquals(o, keeper)))
            {
                var target = Provider.OmniPath.Join(root, duplicate.Path);
                if (!ShouldProcess(target, $"Remove duplicate (same {OmniItem.HashName(group.HashType)} as {keeper.Path}, kept as the {Dedupe.Describe(mode)})")) continue;
                try
                {
                    Bridge.Run(ct => location.Store.DeleteAsync(duplicate.Path, ct));
                    if (PassThru) WriteObject(new OmniItem(duplicate, root, location.Backend));
                }
                catch (Exception ex) when (Internal.OmniErrors.IsItemFailure(ex))
                {
                    WriteFailure(ex, target);
                }
            }
        });
    }
}
