using System.IO.Compression;
using System.Text;
using Omnistorage.Records;

namespace Omnistorage.Core.Tests.Records;

/// <summary>Writing and reading whole record streams in memory, and sample data for the record tests.</summary>
internal static class RecordTestSupport
{
    public static readonly RecordFormat[] Formats = [RecordFormat.Ndjson, RecordFormat.LengthPrefixed];
    public static readonly RecordCompression[] Compressions = [RecordCompression.None, RecordCompression.Gzip, RecordCompression.Zstd];

    public static RecordStreamOptions Options(RecordFormat format, RecordCompression compression, int maxRecordSize = RecordStreamOptions.DefaultMaxRecordSize) =>
        new() { Format = format, Compression = compression, MaxRecordSize = maxRecordSize };

    public static async Task<byte[]> WriteAllAsync(RecordStreamOptions options, IEnumerable<byte[]> records)
    {
        var stream = new MemoryStream();
        await using (var writer = RecordStreams.CreateWriter(stream, options with { LeaveOpen = true }))
        {
            foreach (var record in records)
            {
                await writer.WriteAsync(record);
            }
        }

        return stream.ToArray();
    }

    public static async Task<List<byte[]>> ReadAllAsync(RecordStreamOptions options, byte[] data)
    {
        var records = new List<byte[]>();
        await using var reader = RecordStreams.CreateReader(new MemoryStream(data), options);
        while (await reader.ReadAsync())
        {
            records.Add(reader.Current.ToArray());
        }

        Assert.Equal(records.Count, reader.RecordsRead);
        return records;
    }

    public static Task<StorageException> ReadExpectingFailureAsync(RecordStreamOptions options, byte[] data) =>
        Assert.ThrowsAsync<StorageException>(() => ReadAllAsync(options, data));

    /// <summary>Realistic NDJSON lines of varying length and content, the same for every run.</summary>
    public static List<byte[]> JsonRecords(int count, int seed = 7)
    {
        var random = new Random(seed);
        string[] levels = ["debug", "info", "warn", "error"];
        return Enumerable.Range(0, count)
            .Select(index => Encoding.UTF8.GetBytes(
                $"{{\"id\":{index},\"level\":\"{levels[random.Next(levels.Length)]}\",\"user\":\"user-{random.Next(10_000)}\"," +
                $"\"message\":\"{new string('x', random.Next(0, 120))}\",\"value\":{random.NextDouble():R}}}"))
            .ToList();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Zstd(byte[] data)
    {
        var output = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(output, 3, leaveOpen: true))
        {
            zstd.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Compress(RecordCompression compression, byte[] data) => compression switch
    {
        RecordCompression.Gzip => Gzip(data),
        RecordCompression.Zstd => Zstd(data),
        _ => data,
    };
}

/// <summary>A stream that never ends, yielding <paramref name="prefix"/> and then the same byte forever.</summary>
internal sealed class EndlessStream(byte[] prefix, byte fill) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public long BytesRead => _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < prefix.Length)
        {
            buffer[written++] = prefix[_position++];
        }

        buffer[written..].Fill(fill);
        _position += buffer.Length - written;
        return buffer.Length;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
