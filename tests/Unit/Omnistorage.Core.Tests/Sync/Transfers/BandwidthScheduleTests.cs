using Omnistorage.Sync;

namespace Omnistorage.Core.Tests.Sync.Transfers;

public sealed class BandwidthScheduleTests
{
    private const long KiB = 1024;
    private const long MiB = 1024 * 1024;

    // 2024-01-01 was a Monday; the offset is irrelevant because schedules read the value's own clock.
    private static DateTimeOffset At(DayOfWeek day, int hour, int minute) =>
        new DateTimeOffset(2024, 1, 1, hour, minute, 0, TimeSpan.FromHours(2)).AddDays(((int)day + 6) % 7);

    [Theory]
    [InlineData("1M", MiB, MiB)]
    [InlineData("512k", 512 * KiB, 512 * KiB)]
    [InlineData("512K", 512 * KiB, 512 * KiB)]
    [InlineData("512", 512 * KiB, 512 * KiB)]          // rclone reads a bare number as KiB/s
    [InlineData("1.5", 1536, 1536)]
    [InlineData("100b", 100, 100)]
    [InlineData("100B", 100, 100)]
    [InlineData("1.5M", 3 * MiB / 2, 3 * MiB / 2)]
    [InlineData("2G", 2L << 30, 2L << 30)]
    [InlineData("1T", 1L << 40, 1L << 40)]
    [InlineData("10MiB", 10 * MiB, 10 * MiB)]
    [InlineData("10M:1M", 10 * MiB, MiB)]
    [InlineData("off:256k", 0, 256 * KiB)]
    [InlineData("1M:off", MiB, 0)]
    [InlineData(" 4M ", 4 * MiB, 4 * MiB)]
    public void ConstantFormsApplyAtEveryTime(string spec, long upload, long download)
    {
        var schedule = BandwidthSchedule.Parse(spec);

        Assert.True(schedule.IsConstant);
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            Assert.Equal((upload, download), schedule.LimitAt(At(day, 0, 0)));
            Assert.Equal((upload, download), schedule.LimitAt(At(day, 13, 37)));
            Assert.Equal((upload, download), schedule.LimitAt(At(day, 23, 59)));
        }
    }

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData("0")]
    [InlineData("off:off")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("08:00,off 12:00,0")]
    public void UnlimitedFormsNeverLimit(string spec)
    {
        var schedule = BandwidthSchedule.Parse(spec);

        Assert.True(schedule.IsUnlimited);
        Assert.Equal((0L, 0L), schedule.LimitAt(At(DayOfWeek.Wednesday, 10, 0)));
    }

    [Fact]
    public void DailyTimetableFollowsTheClockAndWrapsPastMidnight()
    {
        var schedule = BandwidthSchedule.Parse("08:00,512k 12:00,10M 23:00,off");

        Assert.False(schedule.IsConstant);
        Assert.Equal(512 * KiB, schedule.LimitAt(At(DayOfWeek.Tuesday, 8, 0)).Upload);
        Assert.Equal(512 * KiB, schedule.LimitAt(At(DayOfWeek.Tuesday, 11, 59)).Upload);
        Assert.Equal(10 * MiB, schedule.LimitAt(At(DayOfWeek.Tuesday, 12, 0)).Upload);
        Assert.Equal(10 * MiB, schedule.LimitAt(At(DayOfWeek.Tuesday, 22, 59)).Download);
        Assert.Equal(0, schedule.LimitAt(At(DayOfWeek.Tuesday, 23, 0)).Upload);

        // Between midnight and 08:00 the previous evening's 23:00 entry is still in force.
        Assert.Equal(0, schedule.LimitAt(At(DayOfWeek.Wednesday, 0, 30)).Upload);
        Assert.Equal(0, schedule.LimitAt(At(DayOfWeek.Wednesday, 7, 59)).Upload);
    }

    [Fact]
    public void TheLastEntryOfTheDayCarriesOverAcrossTheWeekBoundary()
    {
        var schedule = BandwidthSchedule.Parse("08:00,512k 23:00,1M");

        // Sunday is the first day of DateTimeOffset's week; 03:00 on Sunday still belongs to Saturday's 23:00 entry.
        Assert.Equal(MiB, schedule.LimitAt(At(DayOfWeek.Sunday, 3, 0)).Upload);
        Assert.Equal(MiB, schedule.LimitAt(At(DayOfWeek.Monday, 3, 0)).Upload);
        Assert.Equal(512 * KiB, schedule.LimitAt(At(DayOfWeek.Sunday, 9, 0)).Upload);
    }

    [Fact]
    public void WeekdayTimetableLastsUntilTheNextEntryInTheWeek()
    {
        var schedule = BandwidthSchedule.Parse("Mon-08:00,512 Fri-12:00,off");

        Assert.Equal(0, schedule.LimitAt(At(DayOfWeek.Monday, 7, 59)).Upload);
        Assert.Equal(512 * KiB, schedule.LimitAt(At(DayOfWeek.Monday, 8, 0)).Upload);
        Assert.Equal(512 * KiB, schedule.LimitAt(At(DayOfWeek.Wednesday, 15, 0)).Upload);
        Assert.Equal(512 * KiB, schedule.LimitAt(At(DayOfWeek.Friday, 11, 59)).Upload);
        Assert.Equal(0, schedule.LimitAt(At(DayOfWeek.Friday, 12, 0)).Upload);
        Assert.Equal(0, schedule.LimitAt(At(DayOfWeek.Saturday, 12, 0)).Upload);
        Assert.Equal(0, schedule.LimitAt(At(DayOfWeek.Sunday, 23, 59)).Upload);
    }

    [Fact]
    public void DailyAndWeekdayEntriesMix()
    {
        var schedule = BandwidthSchedule.Parse("Mon-08:00,1M; 09:00,2M");

        Assert.Equal(MiB, schedule.LimitAt(At(DayOfWeek.Monday, 8, 30)).Upload);
        Assert.Equal(2 * MiB, schedule.LimitAt(At(DayOfWeek.Monday, 9, 0)).Upload);
        Assert.Equal(2 * MiB, schedule.LimitAt(At(DayOfWeek.Tuesday, 8, 30)).Upload);
        Assert.Equal(2 * MiB, schedule.LimitAt(At(DayOfWeek.Monday, 7, 0)).Upload);
    }

    [Fact]
    public void WeekdayNamesAreCaseInsensitiveAndMayBeWrittenInFull()
    {
        var schedule = BandwidthSchedule.Parse("monday-8:00,1M SATURDAY-06:30,2M:off");

        Assert.Equal([
            new BandwidthScheduleSlot(DayOfWeek.Monday, new TimeOnly(8, 0), MiB, MiB),
            new BandwidthScheduleSlot(DayOfWeek.Saturday, new TimeOnly(6, 30), 2 * MiB, 0),
        ], schedule.Slots);
        Assert.Equal((2 * MiB, 0L), schedule.LimitAt(At(DayOfWeek.Sunday, 12, 0)));
    }

    [Fact]
    public void TimetablePairsKeepBothDirections()
    {
        var schedule = BandwidthSchedule.Parse("08:00,10M:1M 18:00,off:512k");

        Assert.Equal((10 * MiB, MiB), schedule.LimitAt(At(DayOfWeek.Thursday, 9, 0)));
        Assert.Equal((0L, 512 * KiB), schedule.LimitAt(At(DayOfWeek.Thursday, 19, 0)));
    }

    [Fact]
    public void OneTimedEntryAppliesAllTheTime()
    {
        var schedule = BandwidthSchedule.Parse("08:00,1M");

        Assert.Equal(MiB, schedule.LimitAt(At(DayOfWeek.Sunday, 0, 0)).Upload);
        Assert.Equal(MiB, schedule.LimitAt(At(DayOfWeek.Saturday, 23, 59)).Upload);
    }

    [Fact]
    public void TheLaterOfTwoEntriesAtTheSameMinuteWins()
    {
        var schedule = BandwidthSchedule.Parse("08:00,1M 12:00,off 08:00,2M");

        Assert.Equal(2 * MiB, schedule.LimitAt(At(DayOfWeek.Friday, 8, 0)).Upload);
        Assert.Equal(2 * MiB, schedule.LimitAt(At(DayOfWeek.Friday, 9, 0)).Upload);
    }

    [Theory]
    [InlineData("1M")]
    [InlineData("10M:1M")]
    [InlineData("1000B")]
    [InlineData("08:00,512k 12:00,10M 23:00,off")]
    [InlineData("Mon-08:00,512k Fri-12:00,off 07:00,1G:3M")]
    public void ToStringReadsBackToAnEqualSchedule(string spec)
    {
        var schedule = BandwidthSchedule.Parse(spec);

        var reparsed = BandwidthSchedule.Parse(schedule.ToString());

        Assert.Equal(schedule, reparsed);
        Assert.Equal(schedule.GetHashCode(), reparsed.GetHashCode());
        Assert.NotEqual(BandwidthSchedule.Parse("3M"), schedule);
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("10X", "10X")]
    [InlineData("-5", "-5")]
    [InlineData("1M:2M:3M", "1M:2M:3M")]
    [InlineData("1M:", "1M:")]
    [InlineData("25:00,1M", "25:00")]
    [InlineData("08:60,1M", "08:60")]
    [InlineData("8h,1M", "8h")]
    [InlineData("Xyz-08:00,1M", "Xyz")]
    [InlineData("08:00,1M 12:00", "12:00")]
    [InlineData("08:00,1M 512k", "512k")]
    [InlineData("08:00,1M,2M", "08:00,1M,2M")]
    [InlineData("08:00,", "08:00,")]
    [InlineData("08:00,1M 12:00,fast", "fast")]
    public void MalformedSpecsAreInvalidArgumentsNamingTheBadPart(string spec, string badPart)
    {
        var error = Assert.Throws<StorageException>(() => BandwidthSchedule.Parse(spec));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("'" + badPart + "'", error.Message, StringComparison.Ordinal);
    }
}
