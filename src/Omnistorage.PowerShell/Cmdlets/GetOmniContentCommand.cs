using System.Management.Automation;
using System.Text;
using Omnistorage.PowerShell.Internal;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>
/// Get-OmniContent: the lines of an object, streamed, with -TotalCount for the first lines and -Tail for the last.
/// PowerShell's own Get-Content honours -Tail only for the FileSystem provider (it checks the reader's type), so this
/// cmdlet is how `-Tail` works on Omni drives. It reads from the end with ranged reads, doubling the range until it
/// holds the lines asked for: the last lines of a 10 GB log cost a few small requests, not a full download.
/// </summary>
// LiteralPath is the default set so that piped provider items bind through PSPath (see GetOmniObjectInfoCommand).
[Cmdlet(VerbsCommon.Get, "OmniContent", DefaultParameterSetName = LiteralPathSet)]
[OutputType(typeof(string))]
public sealed class GetOmniContentCommand : OmniCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int FirstRange = 64 * 1024;
    private const int LargestRange = 8 * 1024 * 1024;

    private Encoding _encoding = TextEncodings.Default;

    /// <summary>Objects to read; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Objects to read, used exactly as written; provider items bind here through their PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Only the last lines of each object.</summary>
    [Parameter]
    [Alias("Last")]
    [ValidateRange(0, int.MaxValue)]
    public int Tail { get; set; }

    /// <summary>Only the first lines of each object.</summary>
    [Parameter]
    [Alias("First", "Head")]
    [ValidateRange(0, long.MaxValue)]
    public long TotalCount { get; set; }

    /// <summary>The text encoding (utf8 by default; a byte order mark at the start of the object wins).</summary>
    [Parameter]
    public object? Encoding { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Tail)) && MyInvocation.BoundParameters.ContainsKey(nameof(TotalCount)))
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Tail and -TotalCount cannot be used together."),
                OmniErrors.InvalidArgument, ErrorCategory.InvalidArgument, null));
        }

        try
        {
            _encoding = TextEncodings.Parse(Encoding);
        }
        catch (StorageException ex)
        {
            ThrowTerminatingError(OmniErrors.Record(ex, Encoding));
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
                    var info = Bridge.Run(ct => location.Store.StatAsync(location.Path, ct));
                    if (info.IsDirectory)
                    {
                        throw new StorageException(StorageErrorCode.InvalidArgument, $"'{location.ProviderPath}' is a directory; only objects have content.", location.Backend, location.Path);
                    }

                    if (MyInvocation.BoundParameters.ContainsKey(nameof(Tail))) WriteTail(location, info.Size);
                    else WriteHead(location, MyInvocation.BoundParameters.ContainsKey(nameof(TotalCount)) ? TotalCount : long.MaxValue);
                }
                catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
                {
                    WriteFailure(ex, location.ProviderPath);
                }
            }
        }
    }

    private void WriteHead(OmniLocation location, long count)
    {
        if (count == 0) return;
        using var stream = Bridge.Run(ct => location.Store.OpenReadAsync(location.Path, default, ct));
        using var reader = new StreamReader(stream, _encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        for (long written = 0; written < count && reader.ReadLine() is { } line; written++)
        {
            WriteObject(line);
        }
    }

    private void WriteTail(OmniLocation location, long size)
    {
        if (Tail == 0) return;
        foreach (var line in size >= 0 && NewlineIsOneByte(_encoding) ? TailByRanges(location, size) : TailByScanning(location))
        {
            WriteObject(line);
        }
    }

    /// <summary>
    /// Reads ranges from the end until more than <see cref="Tail"/> line feeds are held (or the start is reached),
    /// then decodes only that part. Memory holds the last lines plus at most one range.
    /// </summary>
    private List<string> TailByRanges(OmniLocation location, long size)
    {
        var held = Array.Empty<byte>();
        var start = size;
        var range = FirstRange;
        var lineFeeds = 0;
        while (start > 0)
        {
            var length = (int)Math.Min(range, start);
            start -= length;
            var chunk = new byte[length];
            using (var stream = Bridge.Run(ct => location.Store.OpenReadAsync(location.Path, new ByteRange(start, length), ct)))
            {
                stream.ReadExactly(chunk);
            }

            lineFeeds += chunk.Count((byte)'\n');
            held = [.. chunk, .. held];
            // A final line feed ends the last line rather than starting an empty one, so one more is needed.
            var needed = Tail + (held.Length > 0 && held[^1] == (byte)'\n' ? 1 : 0);
            if (lineFeeds > needed) break;
            range = Math.Min(range * 2, LargestRange);
        }

        var from = 0;
        if (start > 0)
        {
            // The first line held is probably cut; it is not one of the lines asked for.
            from = Array.IndexOf(held, (byte)'\n') + 1;
        }

        using var reader = new StreamReader(new MemoryStream(held, from, held.Length - from), _encoding, detectEncodingFromByteOrderMarks: start == 0);
        return LastLines(reader);
    }

    /// <summary>For encodings whose line feed is more than one byte (UTF-16, UTF-32): one forward pass, keeping the last lines.</summary>
    private List<string> TailByScanning(OmniLocation location)
    {
        using var stream = Bridge.Run(ct => location.Store.OpenReadAsync(location.Path, default, ct));
        using var reader = new StreamReader(stream, _encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        return LastLines(reader);
    }

    private List<string> LastLines(TextReader reader)
    {
        var last = new Queue<string>(Math.Min(Tail, 4096));
        while (reader.ReadLine() is { } line)
        {
            if (last.Count == Tail) last.Dequeue();
            last.Enqueue(line);
        }

        return [.. last];
    }

    private static bool NewlineIsOneByte(Encoding encoding) =>
        encoding is UTF8Encoding or ASCIIEncoding || encoding.IsSingleByte;
}
