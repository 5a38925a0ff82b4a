namespace Omnistorage;

/// <summary>A content hash algorithm. Hash values are lowercase hexadecimal strings everywhere in Omnistorage.</summary>
public enum HashType
{
    Md5 = 1,
    Sha1 = 2,
    Sha256 = 3,
    /// <summary>CRC-32C (Castagnoli), as used by GCS and S3 checksums; rendered as 8 hex digits, big-endian.</summary>
    Crc32C = 4,
}

/// <summary>A set of <see cref="HashType"/> values.</summary>
[Flags]
public enum HashTypes
{
    None = 0,
    Md5 = 1 << HashType.Md5,
    Sha1 = 1 << HashType.Sha1,
    Sha256 = 1 << HashType.Sha256,
    Crc32C = 1 << HashType.Crc32C,
    All = Md5 | Sha1 | Sha256 | Crc32C,
}

public static class HashTypeExtensions
{
    /// <summary>Every hash type, in a stable order.</summary>
    public static IReadOnlyList<HashType> AllTypes { get; } = [HashType.Md5, HashType.Sha1, HashType.Sha256, HashType.Crc32C];

    public static HashTypes ToFlag(this HashType type) => (HashTypes)(1 << (int)type);

    public static bool Contains(this HashTypes set, HashType type) => (set & type.ToFlag()) != 0;

    public static IEnumerable<HashType> Enumerate(this HashTypes set) => AllTypes.Where(t => set.Contains(t));

    /// <summary>Parses names such as <c>MD5</c>, <c>sha-256</c>, <c>crc32c</c> (case-insensitive).</summary>
    public static bool TryParse(string? text, out HashType type)
    {
        switch (text?.Replace("-", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant())
        {
            case "MD5": type = HashType.Md5; return true;
            case "SHA1": type = HashType.Sha1; return true;
            case "SHA256": type = HashType.Sha256; return true;
            case "CRC32C": type = HashType.Crc32C; return true;
            default: type = default; return false;
        }
    }
}
