using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Omnistorage.PowerShell.Cmdlets.Json;

/// <summary>
/// Turns PowerShell objects into compact JSON, one record at a time, in the spirit of ConvertTo-Json but without a
/// cmdlet call per record (ConvertTo-Json is not even available to a module running in-process, and invoking it for
/// each of a million records would dominate the run time). One instance is reused for every record of a command: the
/// buffer and the <see cref="Utf8JsonWriter"/> are reset, not reallocated.
/// <para>
/// Mapping: PSCustomObject and other objects become JSON objects of their properties; dictionaries become objects keyed
/// by the keys' text; other enumerables become arrays; strings, characters, GUIDs, URIs and enums (by name) become
/// strings; booleans and every numeric type stay what they are (NaN and infinities, which JSON cannot hold, become
/// strings as ConvertTo-Json writes them); DateTime and DateTimeOffset use the ISO 8601 round-trip form; byte arrays
/// nested in an object become base64 strings. A container nested deeper than <see cref="Depth"/> levels below the
/// record is written as its ToString() text, which also ends reference cycles.
/// </para>
/// </summary>
internal sealed class JsonRecordSerializer : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Non-ASCII text is kept as UTF-8 rather than \u escapes, so records stay readable; quotes, backslashes and
        // control characters (line breaks included, which NDJSON relies on) are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public JsonRecordSerializer(int depth)
    {
        Depth = depth;
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>How many levels of containers below the record itself are expanded.</summary>
    public int Depth { get; }

    /// <summary>
    /// Serializes <paramref name="value"/> and returns its UTF-8 JSON, valid until the next call. A value that cannot
    /// be written (a string with an unpaired surrogate) is an <see cref="ArgumentException"/> and the serializer stays usable.
    /// </summary>
    public ReadOnlyMemory<byte> Serialize(object? value)
    {
        _buffer.Clear();
        _writer.Reset(_buffer);
        try
        {
            WriteValue(value, level: 0);
            _writer.Flush();
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonWriter reports invalid text (unpaired surrogates) as InvalidOperationException in some paths.
            throw new ArgumentException($"The value cannot be written as JSON: {ex.Message}", ex);
        }

        return _buffer.WrittenMemory;
    }

    public void Dispose() => _writer.Dispose();

    private void WriteValue(object? value, int level)
    {
        var wrapper = value as PSObject;
        var bare = wrapper is null ? value : wrapper.BaseObject;
        switch (bare)
        {
            case null:
            case DBNull:
                _writer.WriteNullValue();
                return;
            case string text:
                _writer.WriteStringValue(text);
                return;
            case char character:
                _writer.WriteStringValue(character.ToString());
                return;
            case bool flag:
                _writer.WriteBooleanValue(flag);
                return;
            case Enum enumeration:
                _writer.WriteStringValue(enumeration.ToString());
                return;
            case int number:
                _writer.WriteNumberValue(number);
                return;
            case long number:
                _writer.WriteNumberValue(number);
                return;
            case byte or sbyte or short or ushort:
                _writer.WriteNumberValue(Convert.ToInt32(bare, CultureInfo.InvariantCulture));
                return;
            case uint number:
                _writer.WriteNumberValue(number);
                return;
            case ulong number:
                _writer.WriteNumberValue(number);
                return;
            case decimal number:
                _writer.WriteNumberValue(number);
                return;
            case double number:
                WriteFloatingPoint(number);
                return;
            case float number:
                WriteFloatingPoint(number);
                return;
            case BigInteger number:
                _writer.WriteRawValue(number.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                return;
            case DateTime time:
                _writer.WriteStringValue(time.ToString("o", CultureInfo.InvariantCulture));
                return;
            case DateTimeOffset time:
                _writer.WriteStringValue(time.ToString("o", CultureInfo.InvariantCulture));
                return;
            case TimeSpan span:
                _writer.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture));
                return;
            case Guid guid:
                _writer.WriteStringValue(guid.ToString());
                return;
            case Uri uri:
                _writer.WriteStringValue(uri.OriginalString);
                return;
            case byte[] bytes:
                _writer.WriteBase64StringValue(bytes);
                return;
            case ScriptBlock script:
                _writer.WriteStringValue(script.ToString());
                return;
            case Type type:
                _writer.WriteStringValue(type.FullName);
                return;
            case PSDriveInfo drive:
                // Provider items carry their drive and provider; their object graphs lead back to every drive of the
                // session, which is noise in a record. Their names say what matters.
                _writer.WriteStringValue(drive.Name);
                return;
            case ProviderInfo provider:
                _writer.WriteStringValue(provider.Name);
                return;
        }

        if (level > Depth)
        {
            _writer.WriteStringValue(wrapper?.ToString() ?? bare.ToString());
            return;
        }

        switch (bare)
        {
            case IDictionary dictionary:
                WriteDictionary(dictionary, level);
                return;
            case IEnumerable sequence:
                _writer.WriteStartArray();
                foreach (var item in sequence) WriteValue(item, level + 1);
                _writer.WriteEndArray();
                return;
            default:
                WriteProperties(wrapper ?? PSObject.AsPSObject(bare), level);
                return;
        }
    }

    private void WriteFloatingPoint(double number)
    {
        if (double.IsFinite(number)) _writer.WriteNumberValue(number);
        else _writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
    }

    private void WriteDictionary(IDictionary dictionary, int level)
    {
        _writer.WriteStartObject();
        foreach (DictionaryEntry entry in dictionary)
        {
            var key = entry.Key is PSObject wrapped ? wrapped.BaseObject : entry.Key;
            _writer.WritePropertyName(Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty);
            WriteValue(entry.Value, level + 1);
        }

        _writer.WriteEndObject();
    }

    private void WriteProperties(PSObject instance, int level)
    {
        _writer.WriteStartObject();
        foreach (var property in instance.Properties)
        {
            if (!property.IsGettable) continue;
            object? propertyValue;
            try
            {
                propertyValue = property.Value;
            }
            catch (GetValueException)
            {
                // A property whose getter throws is written as null, as ConvertTo-Json does.
                propertyValue = null;
            }

            _writer.WritePropertyName(property.Name);
            WriteValue(propertyValue, level + 1);
        }

        _writer.WriteEndObject();
    }
}
