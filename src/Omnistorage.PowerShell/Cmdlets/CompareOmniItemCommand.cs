using System.Management.Automation;
using Omnistorage.PowerShell.Internal;
using Omnistorage.Sync;
using Omnistorage.Sync.Engine;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>
/// Compare-OmniItem: rclone check between two locations. One object per differing item (and per equal item with
/// -IncludeEqual), streamed as comparisons finish; objects are compared by size, then by a hash both backends store,
/// or by their bytes with -Download.
/// </summary>
[Cmdlet(VerbsData.Compare, "OmniItem", DefaultParameterSetName = PathSet)]
[OutputType(typeof(OmniDifference))]
public sealed class CompareOmniItemCommand : SyncCmdletBase
{
    /// <summary>Also write the objects that match.</summary>
    [Parameter]
    public SwitchParameter IncludeEqual { get; set; }

    /// <summary>Compare bytes when the backends share no hash (reads both objects).</summary>
    [Parameter]
    public SwitchParameter Download { get; set; }

    /// <summary>Ignore objects that exist only at the destination.</summary>
    [Parameter]
    public SwitchParameter OneWay { get; set; }

    /// <summary>Compare sizes only.</summary>
    [Parameter]
    public SwitchParameter SizeOnly { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var source = ResolveSource();
        if (source is null) return;
        var filters = BuildFilters();
        OmniLocation destination;
        try
        {
            destination = ResolveTarget(Destination);
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            ThrowTerminatingError(OmniErrors.Record(ex, Destination));
            return;
        }

        var options = new CheckOptions
        {
            Source = source.Store,
            SourcePath = source.Path,
            Destination = destination.Store,
            DestinationPath = destination.Path,
            Filter = filters,
            SizeOnly = SizeOnly,
            Download = Download,
            OneWay = OneWay,
            Checkers = Checkers,
        };
        try
        {
            foreach (var difference in Bridge.Enumerate(ct => SyncEngine.CheckAsync(options, ct)))
            {
                if (difference.Kind == DifferenceKind.Match && !IncludeEqual) continue;
                WriteObject(new OmniDifference(difference));
            }
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, source.ProviderPath);
        }
    }
}
