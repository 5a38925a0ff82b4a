using System.Globalization;

namespace Omnistorage.Cli;

/// <summary>How sizes, times and content types are shown; kept in one place so every command prints them alike.</summary>
internal static class Formatting
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    // A short table of the content types people meet most, for backends that store none (the file backend); rclone
    // guesses from the extension in the same way. Anything else is reported as application/octet-stream.
    private static readonly Dictionary<string, string> ContentTypesByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".csv"] = "text/csv; charset=utf-8",
        [".html"] = "text/html; charset=utf-8",
        [".htm"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json",
        [".ndjson"] = "application/x-ndjson",
        [".jsonl"] = "application/x-ndjson",
        [".xml"] = "application/xml",
        [".yaml"] = "application/yaml",
        [".yml"] = "application/yaml",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".tar"] = "application/x-tar",
        [".zst"] = "application/zstd",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".svg"] = "image/svg+xml",
        [".webp"] = "image/webp",
        [".mp3"] = "audio/mpeg",
        [".mp4"] = "video/mp4",
        [".wasm"] = "application/wasm",
    };

    /// <summary>A binary-prefixed size such as <c>1.5 KiB</c>; unknown (-1) is <c>-</c>.</summary>
    public static string HumanSize(long bytes)
    {
        if (bytes < 0) return "-";
        if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString(value < 10 ? "0.##" : value < 100 ? "0.#" : "0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>RFC 3339 in UTC with as many fractional digits as needed, as rclone's lsjson prints times.</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A duration for summaries: <c>0.4s</c>, <c>12.3s</c>, <c>3m05s</c>, <c>1h02m03s</c>.</summary>
    public static string Duration(TimeSpan elapsed) =>
        elapsed.TotalMinutes < 1 ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
        : elapsed.TotalHours < 1 ? $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s"
        : $"{(int)elapsed.TotalHours}h{elapsed.Minutes:00}m{elapsed.Seconds:00}s";

    /// <summary>The object's stored content type, else one guessed from its extension.</summary>
    public static string ContentTypeOf(ObjectInfo item)
    {
        if (item.IsDirectory) return "inode/directory";
        if (!string.IsNullOrEmpty(item.ContentType)) return item.ContentType;
        return ContentTypesByExtension.TryGetValue(Path.GetExtension(item.Name), out var guessed) ? guessed : "application/octet-stream";
    }

    /// <summary>The lowercase name of a hash as printed by hashsum and lsjson (<c>md5</c>, <c>sha1</c>, <c>sha256</c>, <c>crc32c</c>).</summary>
    public static string HashName(HashType type) => type.ToString().ToLowerInvariant();
}
