using System.Management.Automation;
using System.Text;
using System.Text.Json;
using Omnistorage.PowerShell.Cmdlets.Json;
using Omnistorage.PowerShell.Internal;
using Omnistorage.Records;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>
/// Read-OmniRecord: reads record streams record by record and writes each record to the pipeline as soon as it is
/// read, so the first record appears at once, memory stays flat however long the stream is, and Ctrl+C stops it
/// between two records. Streams matched by a wildcard are read one after another in the order they resolve.
/// <para>
/// Conversion: an NDJSON record is parsed as JSON (objects become PSCustomObjects, see <see cref="JsonRecordParser"/>);
/// a length-prefixed record is parsed the same way when it is exactly one valid JSON value, and otherwise written as
/// a byte array. -AsString writes every record as UTF-8 text and -AsByteArray as bytes, unconverted.
/// </para>
/// </summary>
// LiteralPath is the default set on purpose: an item piped in carries both PSPath and its storage-relative Path, and
// PowerShell binds properties to the default set first. With Path as the default, "Get-ChildItem s3: | <this cmdlet>"
// would bind the relative Path and resolve it against the current location. Strings still bind to -Path by value.
[Cmdlet(VerbsCommunications.Read, "OmniRecord", DefaultParameterSetName = LiteralPathSet)]
[OutputType(typeof(PSObject), typeof(string), typeof(byte[]))]
public sealed class ReadOmniRecordCommand : OmniCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Record streams to read; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Record streams to read, used exactly as written; provider items bind here through their PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The framing; Auto takes it from each name's extension.</summary>
    [Parameter]
    [ValidateSet(RecordSettings.Auto, RecordSettings.Ndjson, RecordSettings.LengthPrefixed, IgnoreCase = true)]
    public string Format { get; set; } = RecordSettings.Auto;

    /// <summary>The compression; Auto takes it from each name's extension.</summary>
    [Parameter]
    [ValidateSet(RecordSettings.Auto, RecordSettings.None, RecordSettings.Gzip, RecordSettings.Zstd, IgnoreCase = true)]
    public string Compression { get; set; } = RecordSettings.Auto;

    /// <summary>Writes each record as its UTF-8 text.</summary>
    [Parameter]
    public SwitchParameter AsString { get; set; }

    /// <summary>Writes each record as a byte array.</summary>
    [Parameter]
    public SwitchParameter AsByteArray { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (AsString && AsByteArray)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-AsString and -AsByteArray choose different outputs; use one of them."),
                OmniErrors.InvalidArgument, ErrorCategory.InvalidArgument, null));
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
                ReadStream(location);
            }
        }
    }

    private void ReadStream(OmniLocation location)
    {
        var options = RecordSettings.Resolve(location.Path, Format, Compression);
        IRecordReader reader;
        try
        {
            reader = Bridge.Run(ct => location.Store.OpenRecordReaderAsync(location.Path, options, ct));
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound && IsDirectory(location))
        {
            WriteFailure(new StorageException(StorageErrorCode.InvalidArgument,
                $"'{location.ProviderPath}' is a directory; Read-OmniRecord reads objects.", location.Backend, location.Path, ex), location.ProviderPath);
            return;
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, location.ProviderPath);
            return;
        }

        try
        {
            while (Bridge.Run(ct => reader.ReadAsync(ct)))
            {
                var index = reader.RecordsRead - 1;
                object? record;
                try
                {
                    record = ConvertRecord(reader.Current.Span, options.Format, index, location);
                }
                catch (StorageException ex)
                {
                    // One record that is not what the stream promises is reported; the records after it are fine.
                    WriteFailure(ex, location.ProviderPath);
                    continue;
                }

                WriteObject(record);
            }
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, location.ProviderPath);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private object? ConvertRecord(ReadOnlySpan<byte> record, RecordFormat format, long index, OmniLocation location)
    {
        if (AsByteArray) return record.ToArray();
        if (AsString) return Encoding.UTF8.GetString(record);
        if (format == RecordFormat.LengthPrefixed)
        {
            return JsonRecordParser.TryParse(record, out var value) ? value : record.ToArray();
        }

        try
        {
            return JsonRecordParser.Parse(record);
        }
        catch (JsonException ex)
        {
            throw new StorageException(StorageErrorCode.Integrity,
                $"Record {index} of '{location.ProviderPath}' is not JSON ({ex.Message}). Use -AsString to read the records as text.",
                location.Backend, location.Path, ex);
        }
    }

    private bool IsDirectory(OmniLocation location)
    {
        try
        {
            return location.Path.Length == 0 || Bridge.Run(ct => location.Store.TryStatAsync(location.Path, ct)) is { IsDirectory: true };
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            return false;
        }
    }
}
