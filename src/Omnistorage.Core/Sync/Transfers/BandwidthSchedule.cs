using System.Globalization;
using System.Text;

namespace Omnistorage.Sync;

/// <summary>
/// One entry of a <see cref="BandwidthSchedule"/> as it was written: from <see cref="Start"/> (on <see cref="Day"/>, or
/// on every day when <see cref="Day"/> is null) until the next entry, uploads are held to <see cref="Upload"/> and
/// downloads to <see cref="Download"/> bytes per second, where 0 means unlimited.
/// </summary>
/// <param name="Day">The weekday this entry applies to, or null for every day.</param>
/// <param name="Start">The local time of day the entry starts, or null for a constant limit that applies all the time.</param>
/// <param name="Upload">Bytes per second for writes (uploads); 0 = unlimited.</param>
/// <param name="Download">Bytes per second for reads (downloads); 0 = unlimited.</param>
public readonly record struct BandwidthScheduleSlot(DayOfWeek? Day, TimeOnly? Start, long Upload, long Download);

/// <summary>
/// A bandwidth limit that may change with the local time of day and day of week, written with rclone's
/// <c>--bwlimit</c> notation:
/// <list type="bullet">
/// <item><c>1M</c>, <c>512k</c>, <c>off</c>: one limit all the time. A number without a suffix is in KiB/s, as in rclone;
/// suffixes are <c>b</c> (bytes), <c>k</c>, <c>M</c>, <c>G</c>, <c>T</c>, <c>P</c> (binary multiples).</item>
/// <item><c>10M:1M</c>: an upload:download pair. Writes (uploads) are held to the first value and reads (downloads) to the
/// second. Either side may be <c>off</c>.</item>
/// <item><c>08:00,512k 12:00,10M 23:00,off</c>: a daily timetable. Each entry applies from its time until the next one;
/// before the first entry of a day the last entry of the previous day is still in force (so <c>23:00,off</c> lasts until
/// 08:00).</item>
/// <item><c>Mon-08:00,512 Fri-12:00,off</c>: a weekly timetable; an entry lasts until the next entry in the week,
/// wrapping from Sunday to Monday. Daily and weekday entries may be mixed; a daily entry stands for the same time on
/// each of the seven days. When two entries start at the same minute, the later one in the text wins.</item>
/// </list>
/// Entries are separated by spaces or semicolons. Immutable and safe to share between threads.
/// </summary>
public sealed record BandwidthSchedule
{
    private const int MinutesPerDay = 24 * 60;

    // The timetable expanded to minutes of the week (Sunday 00:00 = 0), sorted by start, so a lookup is a binary search
    // for the last entry that started at or before now, wrapping to the week's last entry before the first one.
    private readonly int[] _weeklyStarts;
    private readonly (long Upload, long Download)[] _weeklyLimits;

    private BandwidthSchedule(IReadOnlyList<BandwidthScheduleSlot> slots)
    {
        Slots = slots;
        var expanded = new List<(int Start, int Order, long Upload, long Download)>();
        for (var order = 0; order < slots.Count; order++)
        {
            var slot = slots[order];
            var minuteOfDay = slot.Start is { } start ? start.Hour * 60 + start.Minute : 0;
            if (slot.Day is { } day)
            {
                expanded.Add(((int)day * MinutesPerDay + minuteOfDay, order, slot.Upload, slot.Download));
            }
            else
            {
                for (var weekday = 0; weekday < 7; weekday++)
                {
                    expanded.Add((weekday * MinutesPerDay + minuteOfDay, order, slot.Upload, slot.Download));
                }
            }
        }

        // OrderBy is stable and the text order breaks ties, so the later of two entries at the same minute wins.
        var sorted = expanded.OrderBy(e => e.Start).ThenBy(e => e.Order).ToArray();
        _weeklyStarts = sorted.Select(e => e.Start).ToArray();
        _weeklyLimits = sorted.Select(e => (e.Upload, e.Download)).ToArray();
        IsUnlimited = slots.All(s => s.Upload == 0 && s.Download == 0);
        IsConstant = slots.Count <= 1 || slots.All(s => s.Upload == slots[0].Upload && s.Download == slots[0].Download);
    }

    /// <summary>A schedule with no limit at any time.</summary>
    public static BandwidthSchedule Unlimited { get; } = new(Array.Empty<BandwidthScheduleSlot>());

    /// <summary>The entries in the order they were written.</summary>
    public IReadOnlyList<BandwidthScheduleSlot> Slots { get; }

    /// <summary>True when no entry limits either direction, so a limiter would never wait.</summary>
    public bool IsUnlimited { get; }

    /// <summary>True when the limit never changes with the time of day.</summary>
    public bool IsConstant { get; }

    /// <summary>Creates a schedule with one limit that applies all the time (bytes per second, 0 = unlimited).</summary>
    public static BandwidthSchedule Constant(long upload, long download)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(upload);
        ArgumentOutOfRangeException.ThrowIfNegative(download);
        return new BandwidthSchedule([new BandwidthScheduleSlot(null, null, upload, download)]);
    }

    /// <summary>
    /// Parses rclone's <c>--bwlimit</c> notation (see the type's summary). An empty or blank spec means unlimited.
    /// </summary>
    /// <exception cref="StorageException">With <see cref="StorageErrorCode.InvalidArgument"/> when any part is malformed; the message names the part.</exception>
    public static BandwidthSchedule Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tokens = spec.Split([' ', '\t', '\r', '\n', ';'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0) return Unlimited;

        if (tokens.Length == 1 && !tokens[0].Contains(',', StringComparison.Ordinal))
        {
            var (upload, download) = ParsePair(spec, tokens[0]);
            return new BandwidthSchedule([new BandwidthScheduleSlot(null, null, upload, download)]);
        }

        var slots = new List<BandwidthScheduleSlot>(tokens.Length);
        foreach (var token in tokens)
        {
            var parts = token.Split(',');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw Invalid(spec, token, "a timetable entry must be TIME,LIMIT or DAY-TIME,LIMIT (for example 08:00,512k or Mon-08:00,1M)");
            }

            var (day, start) = ParseWhen(spec, parts[0]);
            var (upload, download) = ParsePair(spec, parts[1]);
            slots.Add(new BandwidthScheduleSlot(day, start, upload, download));
        }

        return new BandwidthSchedule(slots);
    }

    /// <summary>
    /// The limits in force at <paramref name="localTime"/>, read on its own clock (its <see cref="DateTimeOffset.DayOfWeek"/>,
    /// hour and minute), in bytes per second; 0 means unlimited.
    /// </summary>
    public (long Upload, long Download) LimitAt(DateTimeOffset localTime)
    {
        if (_weeklyStarts.Length == 0) return (0, 0);
        var minuteOfWeek = (int)localTime.DayOfWeek * MinutesPerDay + localTime.Hour * 60 + localTime.Minute;

        // Find the last entry starting at or before now. BinarySearch returns the complement of the first larger
        // element when there is no exact match; for an exact match step to the last of equal starts so later text wins.
        var index = Array.BinarySearch(_weeklyStarts, minuteOfWeek);
        if (index >= 0)
        {
            while (index + 1 < _weeklyStarts.Length && _weeklyStarts[index + 1] == minuteOfWeek) index++;
        }
        else
        {
            index = ~index - 1;
        }

        // Before the week's first entry the previous week's last entry is still in force.
        return _weeklyLimits[index < 0 ? _weeklyLimits.Length - 1 : index];
    }

    /// <summary>Two schedules are equal when they have the same entries in the same order.</summary>
    public bool Equals(BandwidthSchedule? other) =>
        other is not null && (ReferenceEquals(this, other) || Slots.SequenceEqual(other.Slots));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var slot in Slots) hash.Add(slot);
        return hash.ToHashCode();
    }

    /// <summary>The schedule in <c>--bwlimit</c> notation; <see cref="Parse"/> reads it back to an equal schedule.</summary>
    public override string ToString()
    {
        if (Slots.Count == 0) return "off";
        if (Slots.Count == 1 && Slots[0].Start is null) return FormatPair(Slots[0].Upload, Slots[0].Download);
        var text = new StringBuilder();
        foreach (var slot in Slots)
        {
            if (text.Length > 0) text.Append(' ');
            if (slot.Day is { } day) text.Append(day.ToString()[..3]).Append('-');
            text.Append((slot.Start ?? TimeOnly.MinValue).ToString("HH:mm", CultureInfo.InvariantCulture))
                .Append(',')
                .Append(FormatPair(slot.Upload, slot.Download));
        }

        return text.ToString();
    }

    private static (DayOfWeek? Day, TimeOnly Start) ParseWhen(string spec, string text)
    {
        DayOfWeek? day = null;
        var clock = text;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            day = ParseWeekday(text[..dash]) ?? throw Invalid(spec, text, $"'{text[..dash]}' is not a weekday (use Mon, Tue, Wed, Thu, Fri, Sat or Sun)");
            clock = text[(dash + 1)..];
        }

        var colon = clock.IndexOf(':', StringComparison.Ordinal);
        if (colon is < 1 or > 2
            || clock.Length - colon - 1 != 2
            || !int.TryParse(clock.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || !int.TryParse(clock.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
            || hour > 23 || minute > 59)
        {
            throw Invalid(spec, text, $"'{clock}' is not a time of day HH:MM between 00:00 and 23:59");
        }

        return (day, new TimeOnly(hour, minute));
    }

    private static DayOfWeek? ParseWeekday(string text)
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString();
            if (text.Equals(name, StringComparison.OrdinalIgnoreCase) || text.Equals(name[..3], StringComparison.OrdinalIgnoreCase))
            {
                return day;
            }
        }

        return null;
    }

    private static (long Upload, long Download) ParsePair(string spec, string text)
    {
        var parts = text.Split(':');
        if (parts.Any(p => p.Trim().Length == 0)) throw Invalid(spec, text, "a rate is missing");
        if (parts.Length == 2) return (ParseRate(spec, parts[0]), ParseRate(spec, parts[1]));
        if (parts.Length != 1) throw Invalid(spec, text, "a limit is one rate or an UPLOAD:DOWNLOAD pair");
        var both = ParseRate(spec, parts[0]);
        return (both, both);
    }

    private static long ParseRate(string spec, string text)
    {
        var value = text.Trim();

        // rclone reads a bare number as KiB/s (its size flags default to KiB), so 512 means 512 KiB/s; 512b is bytes.
        if (char.IsAsciiDigit(value[^1]) || value[^1] == '.') value += "k";
        try
        {
            var bytesPerSecond = OptionParsers.ParseSize(value);

            // ParseSize reads "off" as -1; rclone treats 0 as "no limit" too, so both become 0 here.
            return Math.Max(bytesPerSecond, 0);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw Invalid(spec, text, $"'{text}' is not a rate such as 512k, 10M, 1.5G or off", ex);
        }
    }

    private static string FormatPair(long upload, long download) =>
        upload == download ? FormatRate(upload) : FormatRate(upload) + ":" + FormatRate(download);

    private static string FormatRate(long bytesPerSecond)
    {
        if (bytesPerSecond == 0) return "off";
        ReadOnlySpan<char> suffixes = ['k', 'M', 'G', 'T', 'P'];
        var value = bytesPerSecond;
        var suffix = -1;
        while (suffix + 1 < suffixes.Length && value % 1024 == 0)
        {
            value /= 1024;
            suffix++;
        }

        return value.ToString(CultureInfo.InvariantCulture) + (suffix < 0 ? "B" : suffixes[suffix].ToString());
    }

    private static StorageException Invalid(string spec, string part, string reason, Exception? inner = null) =>
        new(StorageErrorCode.InvalidArgument, $"Invalid bandwidth limit '{spec}' at '{part}': {reason}.", innerException: inner);
}
