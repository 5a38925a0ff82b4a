using Omnistorage.Sync;

namespace Omnistorage.Core.Tests.Sync.Filters;

public sealed class FilterParsingTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.FromHours(2));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("100", 100)]
    [InlineData(" 100 ", 100)]
    [InlineData("1b", 1)]
    [InlineData("1B", 1)]
    [InlineData("1k", 1024)]
    [InlineData("1K", 1024)]
    [InlineData("1Ki", 1024)]
    [InlineData("1KiB", 1024)]
    [InlineData("10M", 10L << 20)]
    [InlineData("1.5M", 1_572_864)]
    [InlineData("2G", 2L << 30)]
    [InlineData("1T", 1L << 40)]
    [InlineData("1P", 1L << 50)]
    [InlineData("1E", 1L << 60)]
    [InlineData("0.5k", 512)]
    [InlineData("off", -1)]
    [InlineData("OFF", -1)]
    public void ParseSize_reads_bytes_and_binary_suffixes(string text, long expected) =>
        Assert.Equal(expected, FilterParsing.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("10X")]
    [InlineData("-1")]
    [InlineData("1KB")]
    [InlineData("k")]
    [InlineData("1.2.3k")]
    [InlineData("99999999E")]
    public void ParseSize_rejects_what_is_not_a_size(string text)
    {
        var error = Assert.Throws<StorageException>(() => FilterParsing.ParseSize(text));
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"'{text}'", error.Message);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("90", 90)]
    [InlineData("1.5", 1.5)]
    [InlineData("100ms", 0.1)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("24h", 86400)]
    [InlineData("1.5d", 129600)]
    [InlineData("7d", 604800)]
    [InlineData("2w", 1209600)]
    [InlineData("1M", 2592000)]
    [InlineData("1y", 31536000)]
    [InlineData("1y2M3w4d5h6m7s", 31536000 + 5184000 + 1814400 + 345600 + 18000 + 360 + 7)]
    public void ParseAge_reads_durations(string text, double expectedSeconds)
    {
        var (age, date) = FilterParsing.ParseAge(text, Now);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), age);
        Assert.Null(date);
    }

    [Fact]
    public void ParseAge_off_means_no_limit()
    {
        Assert.Equal((null, null), FilterParsing.ParseAge("off", Now));
    }

    [Fact]
    public void ParseAge_reads_dates_without_an_offset_in_the_offset_of_now()
    {
        Assert.Equal(new DateTimeOffset(2006, 1, 2, 0, 0, 0, Now.Offset), FilterParsing.ParseAge("2006-01-02", Now).Date);
        Assert.Equal(new DateTimeOffset(2006, 1, 2, 15, 4, 5, Now.Offset), FilterParsing.ParseAge("2006-01-02T15:04:05", Now).Date);
        Assert.Equal(new DateTimeOffset(2006, 1, 2, 15, 4, 5, Now.Offset), FilterParsing.ParseAge("2006-01-02 15:04:05", Now).Date);
        Assert.Equal(new DateTimeOffset(2006, 1, 2, 15, 4, 5, 500, Now.Offset), FilterParsing.ParseAge("2006-01-02T15:04:05.5", Now).Date);
        Assert.Null(FilterParsing.ParseAge("2006-01-02", Now).Age);
    }

    [Fact]
    public void ParseAge_reads_rfc3339_dates()
    {
        Assert.Equal(new DateTimeOffset(2006, 1, 2, 15, 4, 5, TimeSpan.Zero), FilterParsing.ParseAge("2006-01-02T15:04:05Z", Now).Date);
        Assert.Equal(new DateTimeOffset(2006, 1, 2, 15, 4, 5, TimeSpan.FromHours(-7)), FilterParsing.ParseAge("2006-01-02T15:04:05-07:00", Now).Date);
        Assert.Equal(new DateTimeOffset(2006, 1, 2, 15, 4, 5, 250, TimeSpan.Zero), FilterParsing.ParseAge("2006-01-02T15:04:05.25Z", Now).Date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1x")]
    [InlineData("1h30")]
    [InlineData("h")]
    [InlineData("-1h")]
    [InlineData("2006-13-01")]
    [InlineData("2006-01-02T25:00:00")]
    [InlineData("99999999y")]
    public void ParseAge_rejects_what_is_neither_a_duration_nor_a_date(string text)
    {
        var error = Assert.Throws<StorageException>(() => FilterParsing.ParseAge(text, Now));
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"'{text}'", error.Message);
    }
}
