using Omnistorage.Records;
using static Omnistorage.Core.Tests.Records.RecordTestSupport;

namespace Omnistorage.Core.Tests.Records;

public sealed class NdjsonTests
{
    private static readonly RecordStreamOptions Plain = Options(RecordFormat.Ndjson, RecordCompression.None);

    [Fact]
    public async Task Each_record_is_written_as_one_line_ending_in_a_newline()
    {
        var written = await WriteAllAsync(Plain, [Utf8("{\"a\":1}"), Utf8("[2]"), Utf8("\"three\"")]);

        Assert.Equal("{\"a\":1}\n[2]\n\"three\"\n", Text(written));
    }

    [Fact]
    public async Task Windows_line_ends_and_a_missing_final_newline_are_accepted()
    {
        var records = await ReadAllAsync(Plain, Utf8("{\"a\":1}\r\n{\"b\":2}\n{\"c\":3}"));

        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], records.Select(Text));
    }

    [Fact]
    public async Task A_final_line_with_only_a_carriage_return_loses_it()
    {
        var records = await ReadAllAsync(Plain, Utf8("1\r\n2\r"));

        Assert.Equal(["1", "2"], records.Select(Text));
    }

    [Fact]
    public async Task Blank_lines_are_skipped_but_whitespace_lines_are_records()
    {
        var records = await ReadAllAsync(Plain, Utf8("\n1\n\n\r\n2\n \n\n"));

        Assert.Equal(["1", "2", " "], records.Select(Text));
    }

    [Theory]
    [InlineData("{\"a\":\n1}", "\\n", 5)]
    [InlineData("\"line\rbreak\"", "\\r", 5)]
    [InlineData("\n", "\\n", 0)]
    public async Task A_record_with_a_raw_line_break_is_refused_and_nothing_is_written(string record, string shown, int position)
    {
        var output = new MemoryStream();
        await using (var writer = new NdjsonRecordWriter(output, new NdjsonOptions { LeaveOpen = true }))
        {
            await writer.WriteAsync(Utf8("{\"ok\":true}"));
            var error = await Assert.ThrowsAsync<StorageException>(() => writer.WriteAsync(Utf8(record)).AsTask());

            Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
            Assert.Contains("Record 1", error.Message);
            Assert.Contains($"raw {shown} at byte {position}", error.Message);
            Assert.Equal(1, writer.RecordsWritten);
        }

        Assert.Equal("{\"ok\":true}\n", Text(output.ToArray()));
    }

    [Fact]
    public async Task An_empty_record_is_refused_because_readers_skip_blank_lines()
    {
        await using var writer = new NdjsonRecordWriter(new MemoryStream());

        var error = await Assert.ThrowsAsync<StorageException>(() => writer.WriteAsync(ReadOnlyMemory<byte>.Empty).AsTask());

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Equal(0, writer.RecordsWritten);
    }

    [Theory]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("{'a':1}")]
    [InlineData("[1,2,]")]
    [InlineData("{\"a\":1} // note")]
    [InlineData("   ")]
    [InlineData("hello")]
    public async Task With_validation_a_record_that_is_not_one_json_value_is_refused(string record)
    {
        var output = new MemoryStream();
        await using (var writer = new NdjsonRecordWriter(output, new NdjsonOptions { ValidateJson = true, LeaveOpen = true }))
        {
            var error = await Assert.ThrowsAsync<StorageException>(() => writer.WriteAsync(Utf8(record)).AsTask());
            Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
            Assert.Contains("not a single JSON value", error.Message);
        }

        Assert.Equal(0, output.Length);
    }

    [Theory]
    [InlineData("{\"a\":[1,2,{\"b\":null}]}")]
    [InlineData("  42  ")]
    [InlineData("\"just a string\"")]
    [InlineData("true")]
    public async Task With_validation_single_json_values_are_accepted(string record)
    {
        var options = Plain with { ValidateJson = true };

        var records = await ReadAllAsync(options, await WriteAllAsync(options, [Utf8(record)]));

        Assert.Equal(record, Text(Assert.Single(records)));
    }

    [Fact]
    public async Task Without_validation_any_single_line_is_a_record()
    {
        var records = await ReadAllAsync(Plain, await WriteAllAsync(Plain, [Utf8("not json"), Utf8("{broken")]));

        Assert.Equal(["not json", "{broken"], records.Select(Text));
    }

    [Fact]
    public async Task A_reader_with_validation_reports_an_invalid_line_as_an_integrity_error()
    {
        var error = await ReadExpectingFailureAsync(Plain with { ValidateJson = true }, Utf8("{\"a\":1}\n\n{oops}\n"));

        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.Contains("line 3 (record 1)", error.Message);
    }

    [Fact]
    public async Task A_line_at_the_limit_is_read_and_one_byte_more_is_an_integrity_error()
    {
        var options = Plain with { MaxRecordSize = 100 };
        var atLimit = new string('a', 100);

        Assert.Equal(atLimit, Text(Assert.Single(await ReadAllAsync(options, Utf8(atLimit + "\r\n")))));
        Assert.Equal(atLimit, Text(Assert.Single(await ReadAllAsync(options, Utf8(atLimit)))));

        var error = await ReadExpectingFailureAsync(options, Utf8("1\n" + atLimit + "a\n"));
        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.Contains("line 2 (record 1)", error.Message);
        Assert.Contains("offset 2", error.Message);
    }

    [Fact]
    public async Task An_endless_line_fails_without_allocating_much_more_than_the_limit()
    {
        const int limit = 1024 * 1024;
        var source = new EndlessStream(Utf8("{\"first\":1}\n"), (byte)'a');
        await using var reader = new NdjsonRecordReader(source, new NdjsonOptions { MaxRecordSize = limit });
        Assert.True(await reader.ReadAsync());

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var error = await Assert.ThrowsAsync<StorageException>(() => reader.ReadAsync().AsTask());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(StorageErrorCode.Integrity, error.Code);
        Assert.True(allocated < 4 * limit, $"{allocated:N0} bytes allocated");
        Assert.True(source.BytesRead < 4 * limit, $"{source.BytesRead:N0} bytes read");
    }

    [Fact]
    public async Task Current_is_valid_until_the_next_read()
    {
        await using var reader = new NdjsonRecordReader(new MemoryStream(Utf8("abc\ndef\n")));

        Assert.True(await reader.ReadAsync());
        var first = reader.Current.ToArray();
        Assert.True(await reader.ReadAsync());

        Assert.Equal("abc", Text(first));
        Assert.Equal("def", Text(reader.Current.ToArray()));
        Assert.False(await reader.ReadAsync());
        Assert.True(reader.Current.IsEmpty);
        Assert.Equal(2, reader.RecordsRead);
    }

    [Fact]
    public async Task Lines_split_across_many_small_reads_are_joined()
    {
        var expected = JsonRecords(500);
        var data = await WriteAllAsync(Plain, expected);

        await using var reader = new NdjsonRecordReader(new TrickleStream(data, 7));
        var records = new List<string>();
        while (await reader.ReadAsync()) records.Add(Text(reader.Current.ToArray()));

        Assert.Equal(expected.Select(Text), records);
    }
}

/// <summary>Returns at most <paramref name="chunk"/> bytes per read, as a slow network stream does.</summary>
internal sealed class TrickleStream(byte[] data, int chunk) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
