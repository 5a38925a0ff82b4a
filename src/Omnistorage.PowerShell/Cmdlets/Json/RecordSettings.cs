using Omnistorage.Records;

namespace Omnistorage.PowerShell.Cmdlets.Json;

/// <summary>
/// The -Format and -Compression parameters of Write-OmniRecord and Read-OmniRecord: <c>Auto</c> takes the value from
/// the object's name (<see cref="RecordStreamOptions.FromPath"/>), anything else overrides it, so that a stream with a
/// misleading name can still be read and written.
/// </summary>
internal static class RecordSettings
{
    public const string Auto = "Auto";
    public const string Ndjson = "Ndjson";
    public const string LengthPrefixed = "LengthPrefixed";
    public const string None = "None";
    public const string Gzip = "Gzip";
    public const string Zstd = "Zstd";

    public static RecordStreamOptions Resolve(string storagePath, string? format, string? compression)
    {
        var options = RecordStreamOptions.FromPath(storagePath);
        if (!IsAuto(format))
        {
            options = options with { Format = format!.Equals(LengthPrefixed, StringComparison.OrdinalIgnoreCase) ? RecordFormat.LengthPrefixed : RecordFormat.Ndjson };
        }

        if (!IsAuto(compression))
        {
            options = options with
            {
                Compression = compression!.ToUpperInvariant() switch
                {
                    "GZIP" => RecordCompression.Gzip,
                    "ZSTD" => RecordCompression.Zstd,
                    _ => RecordCompression.None,
                },
            };
        }

        return options;
    }

    /// <summary>How a stream is framed and compressed, for messages: <c>NDJSON, gzip</c>.</summary>
    public static string Describe(RecordStreamOptions options) =>
        (options.Format == RecordFormat.Ndjson ? "NDJSON" : "length-prefixed") + options.Compression switch
        {
            RecordCompression.Gzip => ", gzip",
            RecordCompression.Zstd => ", zstd",
            _ => string.Empty,
        };

    private static bool IsAuto(string? value) => string.IsNullOrEmpty(value) || value.Equals(Auto, StringComparison.OrdinalIgnoreCase);
}
