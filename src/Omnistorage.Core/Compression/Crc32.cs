using System.Buffers.Binary;

namespace Omnistorage.Compression;

/// <summary>
/// CRC-32 as gzip uses it (IEEE 802.3, reflected polynomial 0xEDB88320). The gzip reader needs it because it inflates
/// each member with a raw <see cref="System.IO.Compression.DeflateStream"/> and checks the member trailer itself; .NET 8
/// has no public CRC-32 without an extra package. Slicing-by-8 keeps it well above inflate speed.
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320u;
    private static readonly uint[] Tables = BuildTables();

    /// <summary>Continues <paramref name="crc"/> (0 for a fresh checksum) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var tables = Tables.AsSpan();
        var state = ~crc;
        while (data.Length >= 8)
        {
            var low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ state;
            var high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            state = tables[(7 * 256) + (int)(low & 0xFF)] ^
                    tables[(6 * 256) + (int)((low >> 8) & 0xFF)] ^
                    tables[(5 * 256) + (int)((low >> 16) & 0xFF)] ^
                    tables[(4 * 256) + (int)(low >> 24)] ^
                    tables[(3 * 256) + (int)(high & 0xFF)] ^
                    tables[(2 * 256) + (int)((high >> 8) & 0xFF)] ^
                    tables[256 + (int)((high >> 16) & 0xFF)] ^
                    tables[(int)(high >> 24)];
            data = data[8..];
        }

        foreach (var value in data)
        {
            state = tables[(int)((state ^ value) & 0xFF)] ^ (state >> 8);
        }

        return ~state;
    }

    private static uint[] BuildTables()
    {
        var tables = new uint[8 * 256];
        for (uint index = 0; index < 256; index++)
        {
            var entry = index;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ Polynomial : entry >> 1;
            }

            tables[index] = entry;
        }

        for (var slice = 1; slice < 8; slice++)
        {
            for (var index = 0; index < 256; index++)
            {
                var previous = tables[((slice - 1) * 256) + index];
                tables[(slice * 256) + index] = (previous >> 8) ^ tables[(int)(previous & 0xFF)];
            }
        }

        return tables;
    }
}
