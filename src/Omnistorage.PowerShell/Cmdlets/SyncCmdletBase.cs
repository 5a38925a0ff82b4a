using System.Management.Automation;
using Omnistorage.PowerShell.Internal;
using Omnistorage.Sync;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>Source, destination and filter parameters shared by Sync-OmniItem and Compare-OmniItem.</summary>
public abstract class SyncCmdletBase : OmniCmdlet
{
    private protected const string PathSet = "Path";
    private protected const string LiteralPathSet = "LiteralPath";

    /// <summary>The source directory (or object); wildcards must resolve to exactly one item.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The source directory (or object), used exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>The destination directory; created when missing.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = string.Empty;

    /// <summary>Only objects matching these patterns (rclone filter syntax) take part.</summary>
    [Parameter]
    public string[] Include { get; set; } = [];

    /// <summary>Objects matching these patterns are left out; a pattern ending in / leaves out a directory unlisted.</summary>
    [Parameter]
    public string[] Exclude { get; set; } = [];

    /// <summary>Files of filter rules (+ pattern, - pattern, ! to reset, # comments), as rclone --filter-from.</summary>
    [Parameter]
    public string[] FilterFile { get; set; } = [];

    /// <summary>Only objects at least this large (bytes, or with a suffix: 100k, 10M, 1G).</summary>
    [Parameter]
    public string? MinSize { get; set; }

    /// <summary>Only objects at most this large.</summary>
    [Parameter]
    public string? MaxSize { get; set; }

    /// <summary>Only objects older than this (a duration such as 7d or 12h, or a date).</summary>
    [Parameter]
    public string? MinAge { get; set; }

    /// <summary>Only objects newer than this (a duration such as 7d or 12h, or a date).</summary>
    [Parameter]
    public string? MaxAge { get; set; }

    /// <summary>Parallel comparisons.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int Checkers { get; set; } = 8;

    /// <summary>The source: exactly one existing item.</summary>
    private protected OmniLocation? ResolveSource()
    {
        var literal = ParameterSetName == LiteralPathSet;
        var matches = ResolveExisting(literal ? LiteralPath : Path, literal).Take(2).ToList();
        if (matches.Count > 1)
        {
            WriteError(new ErrorRecord(new StorageException(StorageErrorCode.InvalidArgument, $"'{Path}' matches more than one item; name one source."),
                OmniErrors.InvalidArgument, ErrorCategory.InvalidArgument, Path));
            return null;
        }

        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>The filter set the parameters describe; a malformed rule is a terminating OmniInvalidArgument error.</summary>
    private protected FilterSet BuildFilters()
    {
        var now = DateTimeOffset.Now;
        var options = FilterSet.Empty;
        try
        {
            var filterFiles = FilterFile.Select(file => SessionState.Path.GetUnresolvedProviderPathFromPSPath(file)).ToArray();
            var fromFiles = filterFiles.Length > 0 ? FilterOptions.FromFiles(filterFiles).FilterFileLines : [];
            var (minAge, olderThan) = MinAge is null ? (null, null) : FilterParsing.ParseAge(MinAge, now);
            var (maxAge, newerThan) = MaxAge is null ? (null, null) : FilterParsing.ParseAge(MaxAge, now);
            return FilterSet.Create(new FilterOptions
            {
                Include = Include,
                Exclude = Exclude,
                FilterFileLines = fromFiles,
                MinSize = MinSize is null ? null : FilterParsing.ParseSize(MinSize),
                MaxSize = MaxSize is null ? null : FilterParsing.ParseSize(MaxSize),
                MinAge = minAge,
                OlderThan = olderThan,
                MaxAge = maxAge,
                NewerThan = newerThan,
            });
        }
        catch (StorageException ex)
        {
            ThrowTerminatingError(OmniErrors.Record(ex, null));
            return options;
        }
    }
}
