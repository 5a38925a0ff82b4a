namespace Omnistorage;

/// <summary>
/// A storage URI split into its parts: <c>scheme://authority/path?query</c>. Parsed by hand rather than with
/// <see cref="Uri"/>, which lowercases hosts, rewrites paths and rejects names that object keys allow.
/// The path is percent-decoded; query values are percent-decoded too.
/// </summary>
public sealed record StorageUri
{
    public required string Scheme { get; init; }

    /// <summary>The part between <c>//</c> and the next <c>/</c>: a bucket, host, account or store name (raw, including any <c>user@</c> and <c>:port</c>).</summary>
    public required string Authority { get; init; }

    /// <summary>The decoded path after the authority, without its leading slash.</summary>
    public required string Path { get; init; }

    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>True when <paramref name="text"/> looks like <c>scheme://…</c>.</summary>
    public static bool LooksLikeUri(string text)
    {
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0) return false;
        for (var i = 0; i < separator; i++)
        {
            var c = text[i];
            var ok = char.IsAsciiLetter(c) || (i > 0 && (char.IsAsciiDigit(c) || c is '+' or '-' or '.'));
            if (!ok) return false;
        }

        return true;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="StorageErrorCode.InvalidArgument"/> when it is not of the form <c>scheme://…</c>.</summary>
    public static StorageUri Parse(string text)
    {
        if (!LooksLikeUri(text))
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"'{text}' is not a storage URI of the form scheme://location/path.");
        }

        var separator = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = text[..separator].ToLowerInvariant();
        var rest = text[(separator + 3)..];
        var fragment = rest.IndexOf('#');
        if (fragment >= 0) rest = rest[..fragment];
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var questionMark = rest.IndexOf('?');
        if (questionMark >= 0)
        {
            foreach (var pair in rest[(questionMark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                var value = equals < 0 ? "true" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
                query[key] = value;
            }

            rest = rest[..questionMark];
        }

        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : rest[(slash + 1)..];
        return new StorageUri
        {
            Scheme = scheme,
            Authority = Uri.UnescapeDataString(authority),
            Path = Uri.UnescapeDataString(path),
            Query = query,
        };
    }

    public override string ToString() => $"{Scheme}://{Authority}/{Path}";
}
