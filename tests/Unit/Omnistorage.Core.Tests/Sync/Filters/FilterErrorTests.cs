using Omnistorage.Sync;

namespace Omnistorage.Core.Tests.Sync.Filters;

public sealed class FilterErrorTests
{
    [Theory]
    [InlineData("a[b", "'['")]
    [InlineData("a]b", "']'")]
    [InlineData("a{b", "'{'")]
    [InlineData("a}b", "'}'")]
    [InlineData("a{{b", "'{{'")]
    [InlineData("***", "'*'")]
    [InlineData("x{{(}}", "not a valid pattern")]
    [InlineData("[z-a]", "not a valid pattern")]
    [InlineData("[[:nope:]]", "nope")]
    [InlineData(@"a\q", @"\q")]
    [InlineData(@"a\", "lone")]
    public void A_malformed_pattern_is_rejected_naming_the_rule_and_where_it_came_from(string pattern, string reason)
    {
        var error = Assert.Throws<StorageException>(() => FilterSet.Create(new FilterOptions { Include = ["*.ok", pattern] }));
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"'{pattern}'", error.Message);
        Assert.Contains("include pattern 2", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Every_option_kind_names_its_origin()
    {
        AssertRejected(new FilterOptions { Exclude = ["a{"] }, "'a{'", "exclude pattern 1");
        AssertRejected(new FilterOptions { FilterRules = ["- ok", "+ [x"] }, "'[x'", "filter rule 2");
        AssertRejected(new FilterOptions { FilterFileLines = ["# fine", "", "- {{)}}"] }, "'{{)}}'", "filter file line 3");
    }

    [Theory]
    [InlineData("*.jpg")]
    [InlineData("+*.jpg")]
    [InlineData("# comment")]
    [InlineData("")]
    [InlineData("!!")]
    public void A_filter_rule_without_plus_minus_or_bang_is_rejected(string rule)
    {
        AssertRejected(new FilterOptions { FilterRules = [rule] }, $"'{rule}'", "filter rule 1", "'+ pattern'");
    }

    [Fact]
    public void A_malformed_filter_file_line_is_rejected_with_its_number()
    {
        AssertRejected(new FilterOptions { FilterFileLines = ["# header", "+ *.jpg", "*.png"] }, "'*.png'", "filter file line 3");
    }

    [Fact]
    public void FromFiles_reads_files_in_order_and_reports_the_file_and_line_of_a_bad_rule()
    {
        var directory = Path.Combine(Path.GetTempPath(), "omni-filters-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var first = Path.Combine(directory, "first.txt");
            var second = Path.Combine(directory, "second.txt");
            File.WriteAllLines(first, ["# keep photos", "+ *.jpg", "; and nothing else"]);
            File.WriteAllLines(second, ["- *"]);

            var options = FilterOptions.FromFiles([first, second]);
            Assert.Equal(["# keep photos", "+ *.jpg", "; and nothing else", "- *"], options.FilterFileLines);
            var filter = FilterSet.Create(options);
            Assert.True(filter.IncludesObject("a/b.jpg", 1, null, DateTimeOffset.UtcNow));
            Assert.False(filter.IncludesObject("a/b.png", 1, null, DateTimeOffset.UtcNow));

            var bad = Path.Combine(directory, "bad.txt");
            File.WriteAllLines(bad, ["+ *.jpg", "", "photos/**"]);
            var malformed = Assert.Throws<StorageException>(() => FilterOptions.FromFiles([first, bad]));
            Assert.Equal(StorageErrorCode.InvalidArgument, malformed.Code);
            Assert.Contains("'photos/**'", malformed.Message);
            Assert.Contains(bad, malformed.Message);
            Assert.Contains("line 3", malformed.Message);

            File.WriteAllLines(bad, ["- a{b"]);
            var badGlob = Assert.Throws<StorageException>(() => FilterOptions.FromFiles([bad]));
            Assert.Contains("'a{b'", badGlob.Message);
            Assert.Contains("line 1", badGlob.Message);

            var missing = Assert.Throws<StorageException>(() => FilterOptions.FromFiles([Path.Combine(directory, "missing.txt")]));
            Assert.Equal(StorageErrorCode.NotFound, missing.Code);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void AssertRejected(FilterOptions options, params string[] expectedInMessage)
    {
        var error = Assert.Throws<StorageException>(() => FilterSet.Create(options));
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        foreach (var expected in expectedInMessage)
        {
            Assert.Contains(expected, error.Message);
        }
    }
}
