namespace Omnistorage.Core.Tests;

public sealed class StoragePathTests
{
    [Theory]
    [InlineData("a/b", "a/b")]
    [InlineData("/a/b", "a/b")]
    [InlineData("a/b/", "a/b")]
    [InlineData("//a///b//", "a/b")]
    [InlineData("/", "")]
    [InlineData("///", "")]
    [InlineData("", "")]
    [InlineData("name", "name")]
    [InlineData("..b/c..", "..b/c..")]
    [InlineData("...", "...")]
    [InlineData(".hidden/x.", ".hidden/x.")]
    [InlineData("a\\b", "a\\b")]
    [InlineData("space in/name ", "space in/name ")]
    public void Normalize_returns_the_canonical_form(string input, string expected)
    {
        Assert.Equal(expected, StoragePath.Normalize(input));
    }

    [Fact]
    public void Normalize_treats_null_as_the_root()
    {
        Assert.Equal(string.Empty, StoragePath.Normalize(null));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/./b")]
    [InlineData("a/../b")]
    [InlineData("../outside")]
    [InlineData("/a/b/..")]
    [InlineData("a//./b")]
    public void Normalize_rejects_dot_segments_as_invalid_argument(string input)
    {
        var error = Assert.Throws<StorageException>(() => StoragePath.Normalize(input));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("bell\u0007")]
    [InlineData("delete\u007f")]
    [InlineData("c1\u0085control")]
    public void Normalize_rejects_control_characters(string input)
    {
        var error = Assert.Throws<StorageException>(() => StoragePath.Normalize(input));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("control characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_accepts_a_path_of_exactly_the_maximum_length()
    {
        var path = new string('x', StoragePath.MaxLength);

        Assert.Equal(path, StoragePath.Normalize(path));
    }

    [Fact]
    public void Normalize_rejects_an_over_long_path_without_echoing_all_of_it()
    {
        var path = string.Join('/', Enumerable.Repeat("segment", StoragePath.MaxLength / 8 + 1));
        Assert.True(path.Length > StoragePath.MaxLength);

        var error = Assert.Throws<StorageException>(() => StoragePath.Normalize(path));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains(StoragePath.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 500, "The message should quote only the start of an over-long path.");
    }

    [Fact]
    public void Normalize_is_idempotent()
    {
        foreach (var input in new[] { "/a//b/", "x", "", "a/b/c", "//deep//er/" })
        {
            var once = StoragePath.Normalize(input);
            Assert.Equal(once, StoragePath.Normalize(once));
        }
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData("", "b", "b")]
    [InlineData("a", "", "a")]
    [InlineData("a", "b", "a/b")]
    [InlineData("a/b", "c/d", "a/b/c/d")]
    public void Combine_joins_normalized_paths(string left, string right, string expected)
    {
        Assert.Equal(expected, StoragePath.Combine(left, right));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("a", "a")]
    [InlineData("a/b", "b")]
    [InlineData("a/b/c.txt", "c.txt")]
    public void GetName_returns_the_last_segment(string path, string expected)
    {
        Assert.Equal(expected, StoragePath.GetName(path));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("a", "")]
    [InlineData("a/b", "a")]
    [InlineData("a/b/c", "a/b")]
    public void GetParent_returns_the_containing_directory(string path, string expected)
    {
        Assert.Equal(expected, StoragePath.GetParent(path));
    }

    [Theory]
    [InlineData("a", "a", true)]
    [InlineData("a/b", "a", true)]
    [InlineData("a/b/c", "a", true)]
    [InlineData("a/b/c", "a/b", true)]
    [InlineData("anything", "", true)]
    [InlineData("", "", true)]
    [InlineData("ab", "a", false)]
    [InlineData("a-b/c", "a", false)]
    [InlineData("a", "a/b", false)]
    [InlineData("", "a", false)]
    [InlineData("b/a", "a", false)]
    public void IsWithin_respects_directory_boundaries(string path, string directory, bool expected)
    {
        Assert.Equal(expected, StoragePath.IsWithin(path, directory));
    }

    [Theory]
    [InlineData("a", "a/b/c", "b/c")]
    [InlineData("a/b", "a/b/c", "c")]
    [InlineData("a", "a", "")]
    [InlineData("", "x/y", "x/y")]
    [InlineData("", "", "")]
    public void GetRelative_returns_the_part_below_the_directory(string directory, string path, string expected)
    {
        Assert.Equal(expected, StoragePath.GetRelative(directory, path));
    }

    [Theory]
    [InlineData("a", "ab")]
    [InlineData("a/b", "a")]
    [InlineData("x", "y/x")]
    public void GetRelative_rejects_a_path_outside_the_directory(string directory, string path)
    {
        Assert.Throws<ArgumentException>(() => StoragePath.GetRelative(directory, path));
    }

    [Theory]
    [InlineData("a/b", "a-b")]
    [InlineData("a", "a/b")]
    [InlineData("a/b", "a!")]
    [InlineData("a/c", "ab")]
    [InlineData("a/z", "a.b")]
    [InlineData("A", "a")]
    [InlineData("", "a")]
    [InlineData("dir/sub/x", "dir/sub-x")]
    public void Compare_sorts_a_directory_s_contents_directly_after_it(string smaller, string larger)
    {
        Assert.True(StoragePath.Compare(smaller, larger) < 0, $"'{smaller}' should sort before '{larger}'.");
        Assert.True(StoragePath.Compare(larger, smaller) > 0, $"'{larger}' should sort after '{smaller}'.");
    }

    [Fact]
    public void Compare_treats_equal_paths_and_nulls_consistently()
    {
        Assert.Equal(0, StoragePath.Compare("a/b", new string("a/b".AsSpan())));
        Assert.Equal(0, StoragePath.Compare(null, null));
        Assert.True(StoragePath.Compare(null, "") < 0);
        Assert.True(StoragePath.Compare("", null) > 0);
    }

    [Fact]
    public void Comparer_orders_a_listing_like_a_tree_walk()
    {
        var paths = new List<string> { "a-b", "a/b/c", "a", "a.txt", "a/b", "b", "a/c" };

        paths.Sort(StoragePath.Comparer);

        Assert.Equal(["a", "a/b", "a/b/c", "a/c", "a-b", "a.txt", "b"], paths);
    }
}
