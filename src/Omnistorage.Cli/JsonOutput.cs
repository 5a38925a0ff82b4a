using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Omnistorage.Cli;

/// <summary>
/// Writes JSON to a text writer. Arrays are streamed one element per line, framed like rclone's lsjson output
/// (<c>[</c>, elements separated by <c>,</c> and a newline, <c>]</c>), so a listing of any size is never held in memory.
/// </summary>
internal sealed class JsonOutput
{
    // Names are printed as UTF-8 text rather than \u escapes, as rclone does, so non-ASCII names stay readable.
    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions IndentedOptions = CompactOptions with { Indented = true };

    private readonly TextWriter _out;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private bool _arrayOpen;
    private bool _anyElement;

    public JsonOutput(TextWriter output) => _out = output;

    public void BeginArray()
    {
        _out.Write("[\n");
        _arrayOpen = true;
        _anyElement = false;
    }

    /// <summary>Writes one array element; <paramref name="write"/> produces exactly one JSON value.</summary>
    public void WriteElement(Action<Utf8JsonWriter> write)
    {
        if (!_arrayOpen) throw new InvalidOperationException("BeginArray was not called.");
        if (_anyElement) _out.Write(",\n");
        _out.Write(Render(write, CompactOptions));
        _anyElement = true;
    }

    public void EndArray()
    {
        _out.Write(_anyElement ? "\n]\n" : "]\n");
        _arrayOpen = false;
    }

    /// <summary>Writes one indented JSON document followed by a newline.</summary>
    public void WriteDocument(Action<Utf8JsonWriter> write) => _out.WriteLine(Render(write, IndentedOptions));

    /// <summary>Writes an item in rclone's lsjson shape: Path, Name, Size, MimeType, ModTime (when known), IsDir and, when given, Hashes.</summary>
    public static void WriteItem(Utf8JsonWriter json, string path, ObjectInfo item, IReadOnlyDictionary<HashType, string>? hashes)
    {
        json.WriteStartObject();
        json.WriteString("Path", path);
        json.WriteString("Name", item.Name.Length == 0 ? StoragePath.GetName(path) : item.Name);
        json.WriteNumber("Size", item.IsDirectory ? -1 : item.Size);
        json.WriteString("MimeType", Formatting.ContentTypeOf(item));
        if (item.LastModified is { } modified) json.WriteString("ModTime", Formatting.Rfc3339(modified));
        json.WriteBoolean("IsDir", item.IsDirectory);
        if (hashes is { Count: > 0 })
        {
            json.WriteStartObject("Hashes");
            foreach (var type in HashTypeExtensions.AllTypes)
            {
                if (hashes.TryGetValue(type, out var value)) json.WriteString(Formatting.HashName(type), value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private string Render(Action<Utf8JsonWriter> write, JsonWriterOptions options)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, options))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
