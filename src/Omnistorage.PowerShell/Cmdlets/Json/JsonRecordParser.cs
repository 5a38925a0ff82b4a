using System.Buffers;
using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Omnistorage.PowerShell.Cmdlets.Json;

/// <summary>
/// Turns one JSON record into the objects ConvertFrom-Json produces: JSON objects become PSCustomObjects (a repeated
/// name keeps its last value), arrays become object[], integers become int, long, decimal or BigInteger (the smallest
/// that holds them), other numbers double, or decimal when double would not hold the written digits exactly, and
/// strings in the ISO 8601 round-trip form that Write-OmniRecord writes dates in (<c>2026-01-31T08:00:00.0000000Z</c>)
/// become DateTime, as ConvertFrom-Json does: UTC for <c>Z</c>, local time for an offset, unspecified without either.
/// </summary>
internal static partial class JsonRecordParser
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 256,
    };

    /// <summary>Parses a record that must be exactly one JSON value; anything else is a <see cref="JsonException"/>.</summary>
    public static object? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            if (!reader.Read()) throw new JsonException("The record is empty or only whitespace.");
            var value = ReadValue(ref reader);
            if (reader.Read()) throw new JsonException("The record holds more than one JSON value.");
            return value;
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader reports text that is not valid UTF-8 this way.
            throw new JsonException(ex.Message, ex);
        }
    }

    /// <summary>Parses <paramref name="utf8"/> when it is exactly one JSON value; false for anything else (binary data, text).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out object? value)
    {
        try
        {
            value = Parse(utf8);
            return true;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    private static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var instance = new PSObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString() ?? string.Empty;
                    reader.Read();
                    var propertyValue = ReadValue(ref reader);
                    if (instance.Properties[name] is { } existing) existing.Value = propertyValue;
                    else instance.Properties.Add(new PSNoteProperty(name, propertyValue));
                }

                return instance;
            case JsonTokenType.StartArray:
                var items = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return items.ToArray();
            case JsonTokenType.String:
                var text = reader.GetString() ?? string.Empty;
                return IsoDateTime().IsMatch(text) && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
                    ? time
                    : text;
            case JsonTokenType.Number:
                return ReadNumber(ref reader);
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            default:
                throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    private static object ReadNumber(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        var text = System.Text.Encoding.ASCII.GetString(raw);
        var isInteger = text.IndexOfAny(['.', 'e', 'E']) < 0;
        if (isInteger)
        {
            if (reader.TryGetInt32(out var small)) return small;
            if (reader.TryGetInt64(out var large)) return large;
            if (reader.TryGetDecimal(out var huge)) return huge;
            return BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(number)) return number;

        // double is the natural type for fractions, but it silently drops digits of a value such as
        // 1234567890.123456789. When the shortest text of the double names a different value than the record's digits
        // and decimal can hold them, decimal keeps the value the record states.
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var written)
            && decimal.TryParse(number.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var asDouble)
            && written != asDouble)
        {
            return written;
        }

        return number;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}
