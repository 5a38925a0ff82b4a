using Omnistorage.Sync;

namespace Omnistorage.Core.Tests.Sync.Filters;

public sealed class FilterRuleOrderTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_matching_rule_wins()
    {
        var excludeFirst = FilterSet.Create(new FilterOptions { FilterRules = ["- *.jpg", "+ a.jpg"] });
        Assert.False(Includes(excludeFirst, "a.jpg"));
        Assert.True(Includes(excludeFirst, "a.txt"));

        var includeFirst = FilterSet.Create(new FilterOptions { FilterRules = ["+ a.jpg", "- *.jpg"] });
        Assert.True(Includes(includeFirst, "a.jpg"));
        Assert.False(Includes(includeFirst, "b.jpg"));
        Assert.True(Includes(includeFirst, "c.txt"));
    }

    [Fact]
    public void An_include_pattern_implies_a_final_exclude_everything_rule()
    {
        var filter = FilterSet.Create(new FilterOptions { Include = ["*.jpg"] });
        Assert.True(Includes(filter, "a/b.jpg"));
        Assert.False(Includes(filter, "a/b.txt"));
    }

    [Fact]
    public void A_plus_rule_in_filter_rules_or_files_does_not_imply_exclude_everything()
    {
        var rules = FilterSet.Create(new FilterOptions { FilterRules = ["+ *.jpg"] });
        Assert.True(Includes(rules, "a.txt"));

        var file = FilterSet.Create(new FilterOptions { FilterFileLines = ["+ *.jpg"] });
        Assert.True(Includes(file, "a.txt"));
    }

    [Fact]
    public void Without_a_matching_rule_a_file_is_included()
    {
        var filter = FilterSet.Create(new FilterOptions { Exclude = ["*.tmp", "/cache/**"] });
        Assert.False(Includes(filter, "x/y.tmp"));
        Assert.False(Includes(filter, "cache/a/b"));
        Assert.True(Includes(filter, "x/cache/a"));
        Assert.True(Includes(filter, "notes.txt"));
    }

    [Fact]
    public void Option_kinds_combine_in_rclones_fixed_order_include_exclude_filter_rules_filter_file()
    {
        // Include comes before Exclude, so the include wins for a file both match.
        var includeBeforeExclude = FilterSet.Create(new FilterOptions { Include = ["*.jpg"], Exclude = ["secret.jpg"] });
        Assert.True(Includes(includeBeforeExclude, "secret.jpg"));

        var excludeBeforeRules = FilterSet.Create(new FilterOptions { Exclude = ["a.jpg"], FilterRules = ["+ a.jpg", "- *"] });
        Assert.False(Includes(excludeBeforeRules, "a.jpg"));

        var rulesBeforeFile = FilterSet.Create(new FilterOptions { FilterRules = ["- a.txt"], FilterFileLines = ["+ a.txt"] });
        Assert.False(Includes(rulesBeforeFile, "a.txt"));

        // The implied exclude-everything rule comes after all of them.
        var impliedLast = FilterSet.Create(new FilterOptions { Include = ["*.jpg"], FilterFileLines = ["+ *.png"] });
        Assert.True(Includes(impliedLast, "a.png"));
        Assert.False(Includes(impliedLast, "a.txt"));
    }

    [Fact]
    public void Bang_clears_every_rule_before_it_but_not_the_implied_exclude()
    {
        var filter = FilterSet.Create(new FilterOptions
        {
            Include = ["*.jpg"],
            FilterRules = ["- *.png"],
            FilterFileLines = ["!", "+ *.gif"],
        });

        Assert.False(Includes(filter, "a.jpg"));
        Assert.True(Includes(filter, "a.gif"));
        Assert.False(Includes(filter, "a.png"));
        Assert.False(Includes(filter, "a.txt"));
    }

    [Fact]
    public void Rclone_documentation_filter_file_example()
    {
        var filter = FilterSet.Create(new FilterOptions
        {
            FilterFileLines =
            [
                "# a sample filter rule file",
                "- secret*.jpg",
                "+ *.jpg",
                "+ *.png",
                "+ file2.avi",
                "- /dir/tmp/** # WARNING! This text will be treated as part of the path.",
                "- /dir/Trash/**",
                "+ /dir/**",
                "# exclude everything else",
                "- *",
            ],
        });

        Assert.True(Includes(filter, "file1.jpg"));
        Assert.True(Includes(filter, "sub/photo.jpg"));
        Assert.False(Includes(filter, "secret17.jpg"));
        Assert.False(Includes(filter, "sub/secret1.jpg"));
        Assert.True(Includes(filter, "file3.png"));
        Assert.True(Includes(filter, "file2.avi"));
        Assert.True(Includes(filter, "dir/report.doc"));
        Assert.False(Includes(filter, "dir/Trash/old.doc"));
        // "+ *.jpg" comes before the Trash rule, so a jpg in the trash is still included.
        Assert.True(Includes(filter, "dir/Trash/old.jpg"));
        // The tmp rule contains the comment text as part of its pattern, so it never matches; "+ /dir/**" does.
        Assert.True(Includes(filter, "dir/tmp/scratch"));
        Assert.False(Includes(filter, "other.txt"));
    }

    [Fact]
    public void Rclone_documentation_alternative_filter_files()
    {
        var suffixes = FilterSet.Create(new FilterOptions
        {
            FilterFileLines = ["- secret*.jpg", "+ *.jpg", "+ *.png", "+ file2.avi", "- *"],
        });
        Assert.True(Includes(suffixes, "file1.jpg"));
        Assert.True(Includes(suffixes, "file3.png"));
        Assert.True(Includes(suffixes, "file2.avi"));
        Assert.False(Includes(suffixes, "secret17.jpg"));
        Assert.False(Includes(suffixes, "file4.doc"));

        var reset = FilterSet.Create(new FilterOptions { FilterFileLines = ["+ *.jpg", "+ *.gif", "!", "+ 42.doc", "- *"] });
        Assert.True(Includes(reset, "42.doc"));
        Assert.False(Includes(reset, "a.jpg"));
        Assert.False(Includes(reset, "a.gif"));
    }

    [Fact]
    public void Filter_file_lines_skip_comments_and_blanks_and_are_trimmed()
    {
        var filter = FilterSet.Create(new FilterOptions
        {
            FilterFileLines = ["", "   ", "# comment", "; another comment", "   - *.tmp   ", "\t+ keep.txt"],
        });

        Assert.False(Includes(filter, "a.tmp"));
        Assert.True(Includes(filter, "keep.txt"));
        Assert.True(Includes(filter, "other"));
    }

    [Fact]
    public void Filter_rules_are_taken_exactly_as_written()
    {
        // A trailing space is part of the pattern, as with rclone's --filter.
        var filter = FilterSet.Create(new FilterOptions { FilterRules = ["- a.txt "] });
        Assert.True(Includes(filter, "a.txt"));
        Assert.False(Includes(filter, "a.txt "));
    }

    [Fact]
    public void Empty_options_and_cleared_rules_give_an_empty_filter()
    {
        Assert.True(FilterSet.Empty.IsEmpty);
        Assert.True(FilterSet.Create(new FilterOptions()).IsEmpty);
        Assert.True(FilterSet.Create(new FilterOptions { FilterRules = ["- *.jpg", "!"] }).IsEmpty);
        Assert.False(FilterSet.Create(new FilterOptions { Exclude = ["*.jpg"] }).IsEmpty);
        Assert.False(FilterSet.Create(new FilterOptions { MinSize = 1 }).IsEmpty);
        Assert.False(FilterSet.Create(new FilterOptions { MaxAge = TimeSpan.FromDays(1) }).IsEmpty);
        Assert.True(FilterSet.Empty.IncludesObject("anything/at/all", 5, Now, Now));
    }

    [Fact]
    public void The_object_overload_judges_files_by_rules_and_directories_by_pruning()
    {
        var filter = FilterSet.Create(new FilterOptions { FilterRules = ["- *.tmp", "- /cache/"], MinSize = 10 });

        Assert.True(filter.IncludesObject(new ObjectInfo { Path = "a/b.txt", Size = 10 }, Now));
        Assert.False(filter.IncludesObject(new ObjectInfo { Path = "a/b.tmp", Size = 10 }, Now));
        Assert.False(filter.IncludesObject(new ObjectInfo { Path = "a/b.txt", Size = 9 }, Now));
        Assert.True(filter.IncludesObject(ObjectInfo.Directory("a"), Now));
        Assert.False(filter.IncludesObject(ObjectInfo.Directory("cache"), Now));
    }

    [Fact]
    public void ToString_lists_the_rules_in_the_order_they_are_tried()
    {
        var filter = FilterSet.Create(new FilterOptions { Include = ["*.jpg"], Exclude = ["x.jpg"], MinSize = 5 });
        var lines = filter.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("+ *.jpg", lines[0]);
        Assert.StartsWith("- x.jpg", lines[1]);
        Assert.StartsWith("- /**", lines[2]);
        Assert.Contains("implied", lines[2]);
        Assert.Equal("--min-size 5", lines[3]);
    }

    private static bool Includes(FilterSet filter, string path) => filter.IncludesObject(path, 1, null, Now);
}
