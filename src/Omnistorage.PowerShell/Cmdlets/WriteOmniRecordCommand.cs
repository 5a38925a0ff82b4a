using System.Management.Automation;
using System.Text;
using Omnistorage.PowerShell.Cmdlets.Json;
using Omnistorage.PowerShell.Internal;
using Omnistorage.Records;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>
/// Write-OmniRecord: writes pipeline objects as the records of a record stream (NDJSON or length-prefixed, optionally
/// gzip or zstd). The object is opened when the first record arrives (or at the end when there were none, which writes an empty
/// stream) and committed in <see cref="EndProcessing"/>. Records reach the store through the record writer's 64 KiB
/// buffer, never collected in memory. When the pipeline is stopped (Ctrl+C) or fails, <see cref="Dispose"/> drops the
/// writer without completing it, which aborts the write: nothing becomes visible and an existing object is unchanged.
/// </summary>
[Cmdlet(VerbsCommunications.Write, "OmniRecord", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(OmniObjectInfo))]
public sealed class WriteOmniRecordCommand : OmniCmdlet, IDisposable
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private JsonRecordSerializer? _serializer;
    private OmniLocation? _target;
    private RecordStreamOptions? _options;
    private ObjectRecordWriter? _writer;
    private byte[] _textBuffer = new byte[1024];
    private long _recordsSeen;

    // Set once the command has nothing more to do: the target failed, the user declined (-WhatIf, -Confirm), or the
    // writer broke. Later records are ignored instead of each reporting the same failure again.
    private bool _finished;

    /// <summary>The object to write. Wildcards may select exactly one existing object; a new object's path is used as written.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The object to write, used exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>A record, from the pipeline; given as a parameter, each element of a collection is one record.</summary>
    [Parameter(Position = 1, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public object? InputObject { get; set; }

    /// <summary>The framing; Auto takes it from the name's extension.</summary>
    [Parameter]
    [ValidateSet(RecordSettings.Auto, RecordSettings.Ndjson, RecordSettings.LengthPrefixed, IgnoreCase = true)]
    public string Format { get; set; } = RecordSettings.Auto;

    /// <summary>The compression; Auto takes it from the name's extension.</summary>
    [Parameter]
    [ValidateSet(RecordSettings.Auto, RecordSettings.None, RecordSettings.Gzip, RecordSettings.Zstd, IgnoreCase = true)]
    public string Compression { get; set; } = RecordSettings.Auto;

    /// <summary>Adds the records at the end of an existing object (created when missing); needs a backend that can append.</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    /// <summary>Refuses to replace an existing object.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>How many levels of nested objects below each record are written as JSON; deeper values are written as their text.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int Depth { get; set; } = 10;

    /// <summary>Writes an OmniObjectInfo for the committed object.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private string DisplayPath => _target?.ProviderPath ?? (ParameterSetName == LiteralPathSet ? LiteralPath : Path);

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (Append && NoClobber)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Append adds to an existing object and -NoClobber refuses existing objects; use one of them."),
                OmniErrors.InvalidArgument, ErrorCategory.InvalidArgument, null));
        }

        _serializer = new JsonRecordSerializer(Depth);
        try
        {
            _target = ResolveOutput();
            if (_target is null)
            {
                _finished = true;
                return;
            }

            _options = RecordSettings.Resolve(_target.Path, Format, Compression);
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            Fail(ex);
        }
        catch (SessionStateException ex)
        {
            // An unknown drive or provider: PowerShell's own error record says it best.
            WriteError(new ErrorRecord(ex.ErrorRecord, ex));
            _finished = true;
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (_finished || !MyInvocation.BoundParameters.ContainsKey(nameof(InputObject))) return;
        var bare = InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject;

        // From the pipeline every object is one record, even a collection (it arrives as one object only when the
        // upstream command wrapped it on purpose). Given as -InputObject, a collection is a list of records, as with
        // the other cmdlets whose -InputObject takes many objects.
        if (!MyInvocation.ExpectingInput && bare is not byte[] && LanguagePrimitives.GetEnumerable(bare) is { } records)
        {
            foreach (var record in records)
            {
                if (_finished) return;
                WriteRecord(record);
            }

            return;
        }

        WriteRecord(InputObject);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (!_finished)
        {
            // Zero records still produce a stream: an empty NDJSON file, an empty gzip stream or one empty zstd frame.
            Open();
            if (_writer is { } writer)
            {
                _writer = null;
                try
                {
                    var info = Bridge.Run(ct => writer.CompleteAsync(ct));
                    if (PassThru) WriteObject(Describe(_target!, info));
                }
                catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
                {
                    // CompleteAsync has already aborted the write.
                    WriteFailure(ex, DisplayPath);
                }
            }
        }

        base.EndProcessing();
    }

    /// <summary>Aborts an unfinished write (Ctrl+C, a failure up or down the pipeline) and releases the stores.</summary>
    public void Dispose()
    {
        AbortWriter();
        _serializer?.Dispose();
        _serializer = null;
        try
        {
            ReleaseStores();
        }
        catch (InvalidOperationException)
        {
            // The pipeline has ended, so a failure while closing a store can no longer be reported.
        }
        catch (PipelineStoppedException)
        {
        }
    }

    private OmniLocation? ResolveOutput()
    {
        if (ParameterSetName == LiteralPathSet) return ResolveTarget(LiteralPath);
        if (!WildcardPattern.ContainsWildcardCharacters(Path)) return ResolveTarget(Path);

        // A wildcard can name an existing object (to replace or append to it), but it must name exactly one.
        var matches = ResolveExisting(Path, literal: false).Take(2).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new StorageException(StorageErrorCode.NotFound,
                $"'{Path}' matches no object. To create an object whose name contains wildcard characters, use -LiteralPath."),
            _ => throw new StorageException(StorageErrorCode.InvalidArgument,
                $"'{Path}' matches more than one object; Write-OmniRecord writes one object. Name it exactly or use -LiteralPath."),
        };
    }

    private void WriteRecord(object? record)
    {
        var index = _recordsSeen++;
        ReadOnlyMemory<byte> bytes;
        try
        {
            bytes = Encode(record, index);
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, DisplayPath);
            return;
        }

        Open();
        if (_writer is not { } writer) return;
        try
        {
            Bridge.Run(ct => writer.WriteAsync(bytes, ct));
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.InvalidArgument)
        {
            // The framing refused this record (an empty NDJSON record, one over the size limit) and wrote nothing
            // for it; the stream stays usable for the next records.
            WriteFailure(ex, DisplayPath);
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            // After an I/O failure the rest of the stream cannot be trusted: the write is aborted.
            AbortWriter();
            Fail(ex);
        }
    }

    /// <summary>The bytes of one record: strings verbatim (UTF-8), byte arrays raw, everything else as JSON.</summary>
    private ReadOnlyMemory<byte> Encode(object? record, long index)
    {
        var bare = record is PSObject wrapped ? wrapped.BaseObject : record;
        var ndjson = _options!.Format == RecordFormat.Ndjson;
        switch (bare)
        {
            case string text:
                if (ndjson && text.AsSpan().IndexOfAny('\n', '\r') >= 0)
                {
                    throw new StorageException(StorageErrorCode.InvalidArgument,
                        $"Record {index} is a string with a line break, and an NDJSON record is one line. Pass an object instead (it is written as JSON, where line breaks are escaped) or write a length-prefixed stream (-Format LengthPrefixed).",
                        _target!.Backend, _target.Path);
                }

                var length = Encoding.UTF8.GetMaxByteCount(text.Length);
                if (_textBuffer.Length < length) _textBuffer = new byte[Math.Max(length, _textBuffer.Length * 2)];
                return _textBuffer.AsMemory(0, Encoding.UTF8.GetBytes(text, _textBuffer));
            case byte[] binary:
                if (ndjson)
                {
                    throw new StorageException(StorageErrorCode.InvalidArgument,
                        $"Record {index} is a byte array, and NDJSON records are text. Write binary records to a length-prefixed stream (a .lp name or -Format LengthPrefixed).",
                        _target!.Backend, _target.Path);
                }

                return binary;
            default:
                return _serializer!.Serialize(record);
        }
    }

    /// <summary>Opens the writer once, after -WhatIf/-Confirm and the -Append and -NoClobber checks.</summary>
    private void Open()
    {
        if (_writer is not null || _finished) return;
        var target = _target!;
        try
        {
            if (Append && !target.Store.Features.CanAppend)
            {
                throw new StorageException(StorageErrorCode.Unsupported,
                    $"The {target.Backend} backend cannot append to objects, so -Append cannot add records to '{target.ProviderPath}'. Write a new object instead.",
                    target.Backend, target.Path);
            }

            var action = Append ? "Append records" : "Write records";
            if (!ShouldProcess(target.ProviderPath, $"{action} ({RecordSettings.Describe(_options!)})"))
            {
                _finished = true;
                return;
            }

            if (NoClobber && Bridge.Run(ct => target.Store.TryStatAsync(target.Path, ct)) is not null)
            {
                throw new StorageException(StorageErrorCode.AlreadyExists,
                    $"'{target.ProviderPath}' already exists and -NoClobber was given.", target.Backend, target.Path);
            }

            // Overwrite = false also makes the commit itself refuse an object that appeared meanwhile, where the
            // backend can check that atomically.
            var writeOptions = NoClobber ? new WriteOptions { Overwrite = false } : null;
            _writer = Append
                ? Bridge.Run(ct => target.Store.OpenRecordAppenderAsync(target.Path, _options, writeOptions, ct))
                : Bridge.Run(ct => target.Store.OpenRecordWriterAsync(target.Path, _options, writeOptions, ct));
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            Fail(ex);
        }
    }

    private void Fail(Exception exception)
    {
        _finished = true;
        WriteFailure(exception, DisplayPath);
    }

    private void AbortWriter()
    {
        if (_writer is not { } writer) return;
        _writer = null;
        try
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex) || ex is OperationCanceledException)
        {
            // Aborting discards the object; a failure while discarding leaves nothing visible either, and the
            // command is already failing or stopping for a reason the user sees.
        }
    }

    private OmniObjectInfo Describe(OmniLocation location, ObjectInfo info) =>
        new(info, location.Root, location.Backend, location.Drive?.Name ?? string.Empty, QualifiedPath(location), null);
}
