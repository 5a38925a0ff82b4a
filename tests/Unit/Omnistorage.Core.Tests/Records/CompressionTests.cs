using System.Buffers.Binary;
using System.IO.Compression;
using Omnistorage.Compression;
using Omnistorage.Records;
using static Omnistorage.Core.Tests.Records.RecordTestSupport;

namespace Omnistorage.Core.Tests.Records;

public sealed class CompressionTests
{
    public static TheoryData<RecordCompression> CompressedFormats => [RecordCompression.Gzip, RecordCompression.Zstd];

    private static RecordStreamOptions Ndjson(RecordCompression compression) => Options(RecordFormat.Ndjson, compression);

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Append(0, "123456789"u8));
        Assert.Equal(Crc32.Append(0, "123456789"u8), Crc32.Append(Crc32.Append(0, "1234"u8), "56789"u8));
        Assert.Equal(0u, Crc32.Append(0, []));
    }

    [Theory]
    [MemberData(nameof(CompressedFormats))]
    public async Task Concatenated_members_or_frames_read_as_one_stream(RecordCompression compression)
    {
        var first = Compress(compression, Utf8("{\"part\":1}\n{\"part\":2}\n"));
        var empty = compression == RecordCompression.Zstd ? Zstd([]) : [];
        var second = Compress(compression, Utf8("{\"part\":3}\n"));

        var records = await ReadAllAsync(Ndjson(compression), [.. first, .. empty, .. second, .. first]);

        Assert.Equal(["{\"part\":1}", "{\"part\":2}", "{\"part\":3}", "{\"part\":1}", "{\"part\":2}"], records.Select(Text));
    }

    [Theory]
    [MemberData(nameof(CompressedFormats))]
    public async Task Every_truncation_inside_the_compressed_data_is_an_integrity_error(RecordCompression compression)
    {
        var complete = await WriteAllAsync(Ndjson(compression), JsonRecords(30));

        for (var length = 1; length < complete.Length; length++)
        {
            var error = await ReadExpectingFailureAsync(Ndjson(compression), complete[..length]);
            Assert.True(error.Code == StorageErrorCode.Integrity, $"cut at {length} of {complete.Length}: {error.Code} {error.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(CompressedFormats))]
    public async Task A_truncated_second_member_or_frame_is_an_integrity_error(RecordCompression compression)
    {
        var member = Compress(compression, Utf8(string.Join("\n", JsonRecords(50).Select(Text)) + "\n"));

        var error = await ReadExpectingFailureAsync(Ndjson(compression), [.. member, .. member[..^3]]);
        Assert.Equal(StorageErrorCode.Integrity, error.Code);

        // Cut exactly between the two, the data is simply shorter.
        Assert.Equal(50, (await ReadAllAsync(Ndjson(compression), member)).Count);
    }

    [Theory]
    [MemberData(nameof(CompressedFormats))]
    public async Task Corrupt_compressed_data_is_an_integrity_error(RecordCompression compression)
    {
        var complete = await WriteAllAsync(Ndjson(compression), JsonRecords(200));

        // Header fields such as the gzip modification time or the zstd window size can change without harm, so only
        // the compressed body is damaged; there, every change must be caught (by the decoder or by the checksum).
        for (var position = complete.Length / 4; position < complete.Length * 3 / 4; position += 37)
        {
            var damaged = (byte[])complete.Clone();
            damaged[position] ^= 0x55;
            var error = await ReadExpectingFailureAsync(Ndjson(compression), damaged);
            Assert.True(error.Code == StorageErrorCode.Integrity, $"byte {position}: {error.Code} {error.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(CompressedFormats))]
    public async Task Data_that_is_not_compressed_at_all_is_an_integrity_error(RecordCompression compression)
    {
        var error = await ReadExpectingFailureAsync(Ndjson(compression), Utf8("{\"plain\":true}\n"));

        Assert.Equal(StorageErrorCode.Integrity, error.Code);
    }

    [Theory]
    [MemberData(nameof(CompressedFormats))]
    public async Task Garbage_after_the_last_member_or_frame_is_an_integrity_error(RecordCompression compression)
    {
        var member = Compress(compression, Utf8("1\n"));

        var error = await ReadExpectingFailureAsync(Ndjson(compression), [.. member, .. "junk"u8]);

        Assert.Equal(StorageErrorCode.Integrity, error.Code);
    }

    [Fact]
    public async Task Gzip_members_with_optional_header_fields_are_read()
    {
        // The shape other tools write: a file name, an extra field, a comment and a header CRC.
        var records = await ReadAllAsync(Ndjson(RecordCompression.Gzip),
            [.. GzipMemberWithAllHeaderFields(Utf8("{\"a\":1}\n")), .. GzipMemberWithAllHeaderFields([]), .. Gzip(Utf8("{\"b\":2}\n"))]);

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], records.Select(Text));
    }

    [Fact]
    public async Task A_gzip_member_whose_crc_does_not_match_is_an_integrity_error()
    {
        var member = Gzip(Utf8("{\"a\":1}\n"));
        member[^8] ^= 0x01;

        var error = await ReadExpectingFailureAsync(Ndjson(RecordCompression.Gzip), member);

        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.Contains("CRC-32", error.Message);
    }

    [Fact]
    public async Task Large_gzip_members_spanning_many_buffers_are_read_through_small_reads()
    {
        var random = new Random(11);
        var payload = new byte[3 * 1024 * 1024];
        random.NextBytes(payload);
        var data = Gzip(payload);
        data = [.. data, .. Gzip(payload.AsSpan(0, 100_000).ToArray())];

        await using var stream = CompressionStreams.Decompress(new TrickleStream(data, 5000), RecordCompression.Gzip);
        var output = new MemoryStream();
        var buffer = new byte[777];
        int read;
        while ((read = stream.Read(buffer)) > 0) output.Write(buffer, 0, read);

        Assert.Equal([.. payload, .. payload.AsSpan(0, 100_000)], output.ToArray());
    }

    [Theory]
    [InlineData(".gz", RecordCompression.Gzip)]
    [InlineData(".GZIP", RecordCompression.Gzip)]
    [InlineData("zst", RecordCompression.Zstd)]
    [InlineData(".zstd", RecordCompression.Zstd)]
    [InlineData(".json", RecordCompression.None)]
    [InlineData("", RecordCompression.None)]
    public void Extensions_name_their_compression(string extension, RecordCompression expected)
    {
        Assert.Equal(expected, CompressionStreams.FromExtension(extension));
    }

    private static byte[] GzipMemberWithAllHeaderFields(byte[] content)
    {
        var output = new MemoryStream();
        output.Write([0x1F, 0x8B, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3]);
        output.Write([4, 0, (byte)'x', (byte)'y', 2, 0]);
        output.Write("events.ndjson\0"u8);
        output.Write("written by a test\0"u8);
        output.Write([0xAB, 0xCD]);
        var headerLength = output.Length;
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(content);
        }

        // .NET writes nothing for empty input; a gzip member needs at least an empty final block.
        if (output.Length == headerLength) output.Write([0x03, 0x00]);
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.Append(0, content));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)content.Length);
        output.Write(trailer);
        return output.ToArray();
    }
}
