using System.Globalization;

namespace Omnistorage.Sync;

/// <summary>Parses the text forms of the size and age limits, as users type them on a command line.</summary>
public static class FilterParsing
{
    private static readonly string[] LocalDateFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
    ];

    private static readonly string[] OffsetDateFormats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
    ];

    /// <summary>
    /// Parses a size in bytes: a number (decimals allowed) with an optional binary suffix, <c>b</c>/<c>B</c> (bytes),
    /// <c>k</c>/<c>K</c> (1024), <c>M</c>, <c>G</c>, <c>T</c>, <c>P</c> or <c>E</c>, optionally followed by <c>i</c>
    /// or <c>iB</c> (<c>10Mi</c>, <c>10MiB</c>). A plain number is bytes (rclone reads it as KiB). <c>off</c> gives -1,
    /// meaning no limit.
    /// </summary>
    /// <exception cref="StorageException">The text is not a size (InvalidArgument).</exception>
    public static long ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }

        var numberLength = 0;
        while (numberLength < trimmed.Length && (char.IsAsciiDigit(trimmed[numberLength]) || trimmed[numberLength] == '.'))
        {
            numberLength++;
        }

        var suffix = trimmed[numberLength..];
        if (numberLength == 0 ||
            !decimal.TryParse(trimmed.AsSpan(0, numberLength), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) ||
            SizeMultiplier(suffix) is not { } multiplier)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument,
                $"'{text}' is not a size: use a number of bytes with an optional suffix B, K, M, G, T, P or E (1K = 1024 bytes), or 'off'.");
        }

        try
        {
            return (long)decimal.Truncate(number * multiplier);
        }
        catch (OverflowException exception)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"The size '{text}' is too large.", innerException: exception);
        }
    }

    /// <summary>
    /// Parses an age limit. A duration gives <c>Age</c>: a number with a unit, <c>ns</c>, <c>us</c>, <c>ms</c>,
    /// <c>s</c>, <c>m</c> (minute), <c>h</c>, <c>d</c>, <c>w</c>, <c>M</c> (month, 30 days) or <c>y</c> (year, 365
    /// days), several combined (<c>1h30m</c>), decimals allowed (<c>1.5d</c>); a plain number is seconds. A date gives
    /// <c>Date</c>: <c>2006-01-02</c>, <c>2006-01-02T15:04:05</c>, <c>2006-01-02 15:04:05</c> (with optional
    /// fractional seconds) or RFC 3339 with <c>Z</c> or an offset. A date without an offset is read in the offset of
    /// <paramref name="now"/> (pass <see cref="DateTimeOffset.Now"/> for local time, as rclone does). <c>off</c> gives
    /// neither.
    /// </summary>
    /// <exception cref="StorageException">The text is neither a duration nor a date (InvalidArgument).</exception>
    public static (TimeSpan? Age, DateTimeOffset? Date) ParseAge(string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        if (TryParseDuration(trimmed, out var age))
        {
            return (age, null);
        }

        if (TryParseDate(trimmed, now, out var date))
        {
            return (null, date);
        }

        throw new StorageException(StorageErrorCode.InvalidArgument,
            $"'{text}' is not an age: use a duration such as 90s, 1h30m, 7d, 2w, 6M or 1y, a date such as 2024-01-31 " +
            "or 2024-01-31T12:00:00Z, or 'off'.");
    }

    private static decimal? SizeMultiplier(string suffix)
    {
        if (suffix.Length == 0 || suffix is "b" or "B")
        {
            return 1;
        }

        decimal multiplier = char.ToUpperInvariant(suffix[0]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            'T' => 1L << 40,
            'P' => 1L << 50,
            'E' => 1L << 60,
            _ => 0,
        };
        var rest = suffix[1..];
        var validRest = rest.Length == 0 || rest.Equals("i", StringComparison.OrdinalIgnoreCase) ||
                        rest.Equals("ib", StringComparison.OrdinalIgnoreCase);
        return multiplier > 0 && validRest ? multiplier : null;
    }

    private static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length == 0)
        {
            return false;
        }

        decimal seconds = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start ||
                !decimal.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            // A bare number means seconds, but only on its own: "1h30" is a typo, not 1 hour 30 seconds.
            var unit = text[unitStart..i];
            if (unit.Length == 0 && (start != 0 || i != text.Length))
            {
                return false;
            }

            if (UnitSeconds(unit) is not { } unitSeconds)
            {
                return false;
            }

            seconds += number * unitSeconds;
        }

        var ticks = seconds * TimeSpan.TicksPerSecond;
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)decimal.Round(ticks));
        return true;
    }

    // Units are case-sensitive, as in rclone: "m" is a minute and "M" a month.
    private static decimal? UnitSeconds(string unit) => unit switch
    {
        "" or "s" => 1m,
        "ns" => 0.000000001m,
        "us" or "µs" => 0.000001m,
        "ms" => 0.001m,
        "m" => 60m,
        "h" => 3600m,
        "d" => 86400m,
        "w" => 7 * 86400m,
        "M" => 30 * 86400m,
        "y" => 365 * 86400m,
        _ => null,
    };

    private static bool TryParseDate(string text, DateTimeOffset now, out DateTimeOffset date)
    {
        if (DateTime.TryParseExact(text, LocalDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            date = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), now.Offset);
            return true;
        }

        if (text.Length > 1 && text[^1] is 'Z' or 'z' &&
            DateTime.TryParseExact(text[..^1], LocalDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var utc))
        {
            date = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParseExact(text, OffsetDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
