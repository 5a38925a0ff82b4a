using Omnistorage.Records;

namespace Omnistorage.Core.Tests.Records;

public sealed class RecordStreamOptionsTests
{
    [Theory]
    [InlineData("events.ndjson", RecordFormat.Ndjson, RecordCompression.None)]
    [InlineData("events.ndjson.gz", RecordFormat.Ndjson, RecordCompression.Gzip)]
    [InlineData("dir/x.jsonl.zst", RecordFormat.Ndjson, RecordCompression.Zstd)]
    [InlineData("x.JSON.GZIP", RecordFormat.Ndjson, RecordCompression.Gzip)]
    [InlineData("a/b/frames.lp", RecordFormat.LengthPrefixed, RecordCompression.None)]
    [InlineData("frames.rec.zstd", RecordFormat.LengthPrefixed, RecordCompression.Zstd)]
    [InlineData("frames.bin.gz", RecordFormat.LengthPrefixed, RecordCompression.Gzip)]
    [InlineData("logs.gz", RecordFormat.Ndjson, RecordCompression.Gzip)]
    [InlineData("notes.txt", RecordFormat.Ndjson, RecordCompression.None)]
    [InlineData("no-extension", RecordFormat.Ndjson, RecordCompression.None)]
    [InlineData("dir.lp/events", RecordFormat.Ndjson, RecordCompression.None)]
    [InlineData("windows\\path\\x.rec", RecordFormat.LengthPrefixed, RecordCompression.None)]
    [InlineData("archive.tar.gz", RecordFormat.Ndjson, RecordCompression.Gzip)]
    [InlineData("x.gz.ndjson", RecordFormat.Ndjson, RecordCompression.None)]
    [InlineData("", RecordFormat.Ndjson, RecordCompression.None)]
    public void FromPath_picks_framing_and_compression_from_the_extensions(string path, RecordFormat format, RecordCompression compression)
    {
        var options = RecordStreamOptions.FromPath(path);

        Assert.Equal(format, options.Format);
        Assert.Equal(compression, options.Compression);
        Assert.Equal(RecordStreamOptions.DefaultMaxRecordSize, options.MaxRecordSize);
        Assert.False(options.ValidateJson);
        Assert.Null(options.CompressionLevel);
    }

    [Fact]
    public void Inconsistent_options_are_refused()
    {
        foreach (var options in new[]
                 {
                     new RecordStreamOptions { MaxRecordSize = 0 },
                     new RecordStreamOptions { Format = RecordFormat.LengthPrefixed, ValidateJson = true },
                     new RecordStreamOptions { Format = (RecordFormat)9 },
                     new RecordStreamOptions { Compression = (RecordCompression)9 },
                 })
        {
            Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(() => RecordStreams.CreateReader(new MemoryStream(), options)).Code);
            Assert.Equal(StorageErrorCode.InvalidArgument, Assert.Throws<StorageException>(() => RecordStreams.CreateWriter(new MemoryStream(), options)).Code);
        }
    }
}
