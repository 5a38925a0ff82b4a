namespace Omnistorage.Core.Tests;

public sealed class OptionParsersTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("512", 512L)]
    [InlineData(" 10k ", 10L << 10)]
    [InlineData("1K", 1L << 10)]
    [InlineData("0.5k", 512L)]
    [InlineData("16M", 16L << 20)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("2T", 2L << 40)]
    [InlineData("1P", 1L << 50)]
    [InlineData("16MiB", 16L << 20)]
    [InlineData("1kib", 1L << 10)]
    [InlineData("64kB", 64L << 10)]
    [InlineData("3gb", 3L << 30)]
    [InlineData("10B", 10L)]
    [InlineData("10b", 10L)]
    [InlineData("off", -1L)]
    [InlineData("OFF", -1L)]
    public void ParseSize_understands_binary_suffixes(string text, long expected)
    {
        Assert.Equal(expected, OptionParsers.ParseSize(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("k")]
    [InlineData("abc")]
    [InlineData("12X")]
    [InlineData("1.2.3M")]
    [InlineData("-1")]
    [InlineData("-5k")]
    [InlineData("NaN")]
    [InlineData("1 0k")]
    public void ParseSize_rejects_text_that_is_not_a_size(string text)
    {
        Assert.Throws<FormatException>(() => OptionParsers.ParseSize(text));
    }

    [Fact]
    public void ParseSize_reports_an_overflow_rather_than_wrapping_around()
    {
        Assert.Throws<OverflowException>(() => OptionParsers.ParseSize("100000P"));
    }

    [Theory]
    [InlineData("1h30m", 5400)]
    [InlineData("1H30M", 5400)]
    [InlineData("45s", 45)]
    [InlineData("250ms", 0.25)]
    [InlineData("1m30s", 90)]
    [InlineData("1.5h", 5400)]
    [InlineData("2d", 2 * 86400)]
    [InlineData("1w", 7 * 86400)]
    [InlineData("1y", 365 * 86400)]
    [InlineData("00:05:00", 300)]
    [InlineData("1:00:00", 3600)]
    [InlineData("90", 90)]
    [InlineData("1.5", 1.5)]
    [InlineData(" 5m ", 300)]
    [InlineData("0", 0)]
    public void ParseDuration_understands_the_usual_notations(string text, double expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), OptionParsers.ParseDuration(text));
    }

    [Fact]
    public void ParseDuration_adds_every_unit_of_a_compound_duration()
    {
        var expected = TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(1);

        Assert.Equal(expected, OptionParsers.ParseDuration("1h1m1s1ms"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("soon")]
    [InlineData("h")]
    [InlineData("5x")]
    [InlineData("1h 30m")]
    [InlineData("1h30")]
    [InlineData("1.2.3s")]
    [InlineData("-5s")]
    [InlineData("ms5")]
    public void ParseDuration_rejects_text_that_is_not_a_duration(string text)
    {
        Assert.Throws<FormatException>(() => OptionParsers.ParseDuration(text));
    }

    // "-5s" is rejected (above) and ParseSize rejects negative sizes; a timeout or interval option must not silently
    // become negative just because it was written as plain seconds or as hh:mm:ss.
    [Theory]
    [InlineData("-5")]
    [InlineData("-0.5")]
    [InlineData("-00:05:00")]
    public void ParseDuration_rejects_negative_durations_in_every_notation(string text)
    {
        Assert.Throws<FormatException>(() => OptionParsers.ParseDuration(text));
    }

    [Fact]
    public void ParseDuration_error_quotes_the_input()
    {
        var error = Assert.Throws<FormatException>(() => OptionParsers.ParseDuration("3fortnights"));

        Assert.Contains("3fortnights", error.Message, StringComparison.Ordinal);
    }
}
