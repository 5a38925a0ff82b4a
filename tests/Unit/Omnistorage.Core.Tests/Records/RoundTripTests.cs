using Omnistorage.Records;
using static Omnistorage.Core.Tests.Records.RecordTestSupport;

namespace Omnistorage.Core.Tests.Records;

public sealed class RoundTripTests
{
    public static TheoryData<RecordFormat, RecordCompression> Layers()
    {
        var data = new TheoryData<RecordFormat, RecordCompression>();
        foreach (var format in Formats)
        {
            foreach (var compression in Compressions)
            {
                data.Add(format, compression);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public async Task An_empty_stream_has_no_records(RecordFormat format, RecordCompression compression)
    {
        var options = Options(format, compression);

        var written = await WriteAllAsync(options, []);

        Assert.Empty(await ReadAllAsync(options, written));
        Assert.Empty(await ReadAllAsync(options, []));
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public async Task One_record_comes_back_unchanged(RecordFormat format, RecordCompression compression)
    {
        var options = Options(format, compression);
        byte[] record = Utf8("{\"name\":\"café ☕\",\"n\":1}");

        var records = await ReadAllAsync(options, await WriteAllAsync(options, [record]));

        Assert.Equal(record, Assert.Single(records));
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public async Task Many_records_come_back_in_order(RecordFormat format, RecordCompression compression)
    {
        var options = Options(format, compression);
        var expected = JsonRecords(20_000);

        var written = await WriteAllAsync(options, expected);
        var records = await ReadAllAsync(options, written);

        Assert.Equal(expected.Count, records.Count);
        for (var index = 0; index < expected.Count; index++)
        {
            Assert.Equal(expected[index], records[index]);
        }

        if (compression != RecordCompression.None)
        {
            // JSON this repetitive compresses well; a layer that silently stored the bytes would not.
            Assert.True(written.Length < expected.Sum(r => r.Length) / 2, $"{compression} output is {written.Length} bytes");
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public async Task Records_exactly_at_the_limit_round_trip_between_small_ones(RecordFormat format, RecordCompression compression)
    {
        const int limit = 1024 * 1024;
        var options = Options(format, compression, limit);
        var large = new byte[limit];
        new Random(3).NextBytes(large);
        // NDJSON records are single lines: map the random bytes onto printable ASCII.
        if (format == RecordFormat.Ndjson)
        {
            for (var index = 0; index < large.Length; index++) large[index] = (byte)('a' + (large[index] % 26));
        }

        byte[] small = Utf8("{}");
        var records = await ReadAllAsync(options, await WriteAllAsync(options, [small, large, small, large, small]));

        Assert.Equal(5, records.Count);
        Assert.Equal(large, records[1]);
        Assert.Equal(large, records[3]);
        Assert.All(records.Where((_, index) => index % 2 == 0), record => Assert.Equal(small, record));
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public async Task A_record_over_the_limit_is_refused_and_the_writer_stays_usable(RecordFormat format, RecordCompression compression)
    {
        var options = Options(format, compression, maxRecordSize: 100);
        var stream = new MemoryStream();
        await using (var writer = RecordStreams.CreateWriter(stream, options with { LeaveOpen = true }))
        {
            await writer.WriteAsync(Utf8("\"first\""));
            var error = await Assert.ThrowsAsync<StorageException>(() => writer.WriteAsync(new byte[101].Select(_ => (byte)'a').ToArray()).AsTask());
            Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
            Assert.Contains("Record 1", error.Message);
            await writer.WriteAsync(Utf8("\"second\""));
            Assert.Equal(2, writer.RecordsWritten);
        }

        var records = await ReadAllAsync(options, stream.ToArray());
        Assert.Equal(["\"first\"", "\"second\""], records.Select(Text));
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public async Task A_longer_record_than_the_reader_allows_is_an_integrity_error(RecordFormat format, RecordCompression compression)
    {
        var written = await WriteAllAsync(Options(format, compression), [Utf8("\"short\""), Utf8(new string('a', 5000))]);

        var error = await ReadExpectingFailureAsync(Options(format, compression, maxRecordSize: 4096), written);

        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.Contains("record 1", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LeaveOpen_decides_whether_disposing_closes_the_stream(bool leaveOpen)
    {
        foreach (var compression in Compressions)
        {
            var options = Options(RecordFormat.Ndjson, compression) with { LeaveOpen = leaveOpen };
            var output = new MemoryStream();
            await using (var writer = RecordStreams.CreateWriter(output, options))
            {
                await writer.WriteAsync(Utf8("1"));
            }

            Assert.Equal(leaveOpen, output.CanWrite);

            var input = new MemoryStream(await WriteAllAsync(options, [Utf8("1")]));
            await using (var reader = RecordStreams.CreateReader(input, options))
            {
                Assert.True(await reader.ReadAsync());
            }

            Assert.Equal(leaveOpen, input.CanRead);
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public async Task Flush_pushes_buffered_records_to_the_stream(RecordFormat format, RecordCompression compression)
    {
        var output = new MemoryStream();
        await using var writer = RecordStreams.CreateWriter(output, Options(format, compression) with { LeaveOpen = true });
        await writer.WriteAsync(Utf8("{\"a\":1}"));
        var before = output.Length;

        await writer.FlushAsync();

        Assert.True(output.Length > before, $"{output.Length} bytes after the flush, {before} before");
    }

    [Fact]
    public async Task The_compression_level_changes_the_output_and_bad_levels_are_refused()
    {
        var records = JsonRecords(2000);
        var fast = await WriteAllAsync(Options(RecordFormat.Ndjson, RecordCompression.Zstd) with { CompressionLevel = 1 }, records);
        var strong = await WriteAllAsync(Options(RecordFormat.Ndjson, RecordCompression.Zstd) with { CompressionLevel = 19 }, records);
        var stored = await WriteAllAsync(Options(RecordFormat.Ndjson, RecordCompression.Gzip) with { CompressionLevel = 0 }, records);
        var smallest = await WriteAllAsync(Options(RecordFormat.Ndjson, RecordCompression.Gzip) with { CompressionLevel = 9 }, records);

        Assert.True(strong.Length < fast.Length);
        Assert.True(smallest.Length < stored.Length / 2);
        Assert.Equal(records.Count, (await ReadAllAsync(Options(RecordFormat.Ndjson, RecordCompression.Gzip), stored)).Count);

        foreach (var (compression, level) in new[] { (RecordCompression.Gzip, 10), (RecordCompression.Gzip, -1), (RecordCompression.Zstd, 23) })
        {
            var error = Assert.Throws<StorageException>(() =>
                RecordStreams.CreateWriter(new MemoryStream(), Options(RecordFormat.Ndjson, compression) with { CompressionLevel = level }));
            Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        }
    }
}
