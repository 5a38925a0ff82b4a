using Omnistorage.Sync;

namespace Omnistorage.Core.Tests.Sync.Filters;

public sealed class FilterLimitTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(99, false)]
    [InlineData(100, true)]
    [InlineData(5000, true)]
    public void MinSize_excludes_smaller_files(long size, bool expected)
    {
        var filter = FilterSet.Create(new FilterOptions { MinSize = 100 });
        Assert.Equal(expected, filter.IncludesObject("f", size, Now, Now));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void MaxSize_excludes_larger_files(long size, bool expected)
    {
        var filter = FilterSet.Create(new FilterOptions { MaxSize = 100 });
        Assert.Equal(expected, filter.IncludesObject("f", size, Now, Now));
    }

    [Fact]
    public void An_unknown_size_fails_a_minimum_and_passes_a_maximum_as_in_rclone()
    {
        Assert.False(FilterSet.Create(new FilterOptions { MinSize = 0 }).IncludesObject("f", -1, Now, Now));
        Assert.True(FilterSet.Create(new FilterOptions { MaxSize = 0 }).IncludesObject("f", -1, Now, Now));
    }

    [Fact]
    public void Parsed_sizes_with_suffixes_work_as_limits()
    {
        var filter = FilterSet.Create(new FilterOptions { MinSize = FilterParsing.ParseSize("1k"), MaxSize = FilterParsing.ParseSize("1.5M") });
        Assert.False(filter.IncludesObject("f", 1023, Now, Now));
        Assert.True(filter.IncludesObject("f", 1024, Now, Now));
        Assert.True(filter.IncludesObject("f", 1_572_864, Now, Now));
        Assert.False(filter.IncludesObject("f", 1_572_865, Now, Now));
    }

    [Fact]
    public void A_negative_size_limit_means_no_limit()
    {
        var filter = FilterSet.Create(new FilterOptions { MinSize = FilterParsing.ParseSize("off"), MaxSize = -1 });
        Assert.True(filter.IsEmpty);
        Assert.True(filter.IncludesObject("f", 0, Now, Now));
    }

    [Fact]
    public void MaxAge_keeps_only_files_newer_than_the_age()
    {
        var filter = FilterSet.Create(new FilterOptions { MaxAge = TimeSpan.FromDays(1) });
        Assert.True(filter.IncludesObject("f", 1, Now.AddHours(-23), Now));
        Assert.True(filter.IncludesObject("f", 1, Now.AddDays(-1), Now));
        Assert.False(filter.IncludesObject("f", 1, Now.AddHours(-25), Now));
    }

    [Fact]
    public void MinAge_keeps_only_files_older_than_the_age()
    {
        var filter = FilterSet.Create(new FilterOptions { MinAge = TimeSpan.FromDays(1) });
        Assert.False(filter.IncludesObject("f", 1, Now.AddHours(-23), Now));
        Assert.True(filter.IncludesObject("f", 1, Now.AddDays(-1), Now));
        Assert.True(filter.IncludesObject("f", 1, Now.AddHours(-25), Now));
    }

    [Fact]
    public void Ages_are_measured_from_the_now_passed_in()
    {
        var filter = FilterSet.Create(new FilterOptions { MaxAge = TimeSpan.FromHours(1) });
        var modified = Now.AddMinutes(-30);
        Assert.True(filter.IncludesObject("f", 1, modified, Now));
        Assert.False(filter.IncludesObject("f", 1, modified, Now.AddHours(2)));
    }

    [Fact]
    public void NewerThan_and_OlderThan_are_absolute_bounds()
    {
        var from = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var filter = FilterSet.Create(new FilterOptions { NewerThan = from, OlderThan = to });

        Assert.False(filter.IncludesObject("f", 1, from.AddTicks(-1), Now));
        Assert.True(filter.IncludesObject("f", 1, from, Now));
        Assert.True(filter.IncludesObject("f", 1, to, Now));
        Assert.False(filter.IncludesObject("f", 1, to.AddSeconds(1), Now));
    }

    [Fact]
    public void Parsed_dates_and_durations_work_as_limits()
    {
        var (_, date) = FilterParsing.ParseAge("2024-05-01", Now);
        var (age, _) = FilterParsing.ParseAge("2w", Now);
        var filter = FilterSet.Create(new FilterOptions { NewerThan = date, MinAge = age });

        Assert.False(filter.IncludesObject("f", 1, new DateTimeOffset(2024, 4, 30, 0, 0, 0, TimeSpan.Zero), Now));
        Assert.True(filter.IncludesObject("f", 1, new DateTimeOffset(2024, 5, 10, 0, 0, 0, TimeSpan.Zero), Now));
        Assert.False(filter.IncludesObject("f", 1, new DateTimeOffset(2024, 5, 25, 0, 0, 0, TimeSpan.Zero), Now));
    }

    [Fact]
    public void An_unknown_modification_time_passes_age_limits()
    {
        var filter = FilterSet.Create(new FilterOptions { MaxAge = TimeSpan.FromDays(1), MinAge = TimeSpan.FromHours(1) });
        Assert.True(filter.IncludesObject("f", 1, null, Now));
    }

    [Fact]
    public void Limits_and_rules_must_both_pass()
    {
        var filter = FilterSet.Create(new FilterOptions { Include = ["*.log"], MaxSize = 10 });
        Assert.True(filter.IncludesObject("a.log", 10, Now, Now));
        Assert.False(filter.IncludesObject("a.log", 11, Now, Now));
        Assert.False(filter.IncludesObject("a.txt", 10, Now, Now));
    }

    [Theory]
    [MemberData(nameof(ContradictoryLimits))]
    public void Contradictory_or_negative_limits_are_rejected(FilterOptions options)
    {
        var error = Assert.Throws<StorageException>(() => FilterSet.Create(options));
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
    }

    public static TheoryData<FilterOptions> ContradictoryLimits() => new()
    {
        new FilterOptions { MinSize = 10, MaxSize = 9 },
        new FilterOptions { MinAge = TimeSpan.FromDays(2), MaxAge = TimeSpan.FromDays(1) },
        new FilterOptions { NewerThan = Now, OlderThan = Now.AddDays(-1) },
        new FilterOptions { MaxAge = TimeSpan.FromDays(-1) },
        new FilterOptions { MinAge = TimeSpan.FromDays(-1) },
    };
}
