using Omnistorage.Records;
using static Omnistorage.Core.Tests.Records.RecordTestSupport;

namespace Omnistorage.Core.Tests.Records;

public sealed class LengthPrefixedTests
{
    private static readonly RecordStreamOptions Plain = Options(RecordFormat.LengthPrefixed, RecordCompression.None);

    [Fact]
    public async Task Each_frame_is_a_big_endian_length_then_the_payload()
    {
        var written = await WriteAllAsync(Plain, [Utf8("ab"), [], new byte[300]]);

        Assert.Equal([0, 0, 0, 2, (byte)'a', (byte)'b', 0, 0, 0, 0, 0, 0, 1, 44], written[..14]);
        Assert.Equal(14 + 300, written.Length);
    }

    [Fact]
    public async Task Empty_records_and_records_with_any_bytes_round_trip()
    {
        byte[][] expected = [[], [0], Utf8("line\nbreak\r\n"), [], [0xFF, 0x00, 0x0A, 0x0D], []];

        var records = await ReadAllAsync(Plain, await WriteAllAsync(Plain, expected));

        Assert.Equal(expected, records);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_stream_ending_inside_a_header_is_a_truncated_frame(int headerBytes)
    {
        var complete = await WriteAllAsync(Plain, [Utf8("first"), Utf8("second")]);
        var cut = complete[..(9 + headerBytes)];

        var error = await ReadExpectingFailureAsync(Plain, cut);

        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.Contains("Truncated frame at record 1, offset 9", error.Message);
    }

    [Fact]
    public async Task A_stream_ending_inside_a_payload_is_a_truncated_frame()
    {
        var complete = await WriteAllAsync(Plain, [Utf8("first"), Utf8("second")]);

        foreach (var length in Enumerable.Range(14, 5))
        {
            var error = await ReadExpectingFailureAsync(Plain, complete[..length]);
            Assert.Equal(StorageErrorCode.Integrity, error.Code);
            Assert.Contains("Truncated frame at record 1, offset 9", error.Message);
        }
    }

    [Fact]
    public async Task A_stream_ending_exactly_after_a_frame_ends_cleanly()
    {
        var complete = await WriteAllAsync(Plain, [Utf8("first"), Utf8("second")]);

        Assert.Equal(["first"], (await ReadAllAsync(Plain, complete[..9])).Select(Text));
    }

    [Fact]
    public async Task A_huge_declared_length_fails_at_once_without_allocating_it()
    {
        var source = new EndlessStream([0, 0, 0, 1, 42, 0x7F, 0xFF, 0xFF, 0xFF], 0);
        await using var reader = new LengthPrefixedRecordReader(source, new LengthPrefixedOptions { MaxRecordSize = 1024 * 1024 });
        Assert.True(await reader.ReadAsync());

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var error = await Assert.ThrowsAsync<StorageException>(() => reader.ReadAsync().AsTask());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.Contains("record 1, offset 5 declares 2147483647 bytes", error.Message);
        Assert.True(allocated < 1024 * 1024, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public async Task A_declared_length_within_the_limit_but_beyond_the_data_is_truncated()
    {
        var error = await ReadExpectingFailureAsync(Plain, [0, 0, 0x10, 0, 1, 2, 3]);

        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.Contains("4096 payload bytes declared, the stream ends after 3", error.Message);
    }

    [Fact]
    public async Task A_reader_that_failed_refuses_to_continue()
    {
        await using var reader = new LengthPrefixedRecordReader(new MemoryStream([0, 0]));
        await Assert.ThrowsAsync<StorageException>(() => reader.ReadAsync().AsTask());

        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ReadAsync().AsTask());
    }
}
