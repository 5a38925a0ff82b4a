using System.Text.Json;

namespace Omnistorage.Records;

/// <summary>Checks that a record is exactly one JSON value (RFC 8259: no comments, no trailing commas, nothing after the value but whitespace).</summary>
internal static class JsonRecordValidator
{
    /// <summary>Null when <paramref name="record"/> is one JSON value; otherwise why not.</summary>
    public static string? Check(ReadOnlySpan<byte> record)
    {
        try
        {
            var reader = new Utf8JsonReader(record, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read()) return "it contains no JSON value";
            reader.Skip();
            // A second top-level value makes Read throw; anything else left over means the first value was incomplete.
            return reader.Read() ? "it contains more than one JSON value" : null;
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }
}
