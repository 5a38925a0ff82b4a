using Omnistorage.Sync;

namespace Omnistorage.Core.Tests.Sync.Filters;

/// <summary>
/// Pattern matching, checked through a single include pattern (which, with its implied exclude-everything rule,
/// includes exactly the paths the pattern matches). The first block is the example table of rclone's filtering
/// documentation, with the leading '/' of its paths removed (our paths are relative to the transfer root).
/// </summary>
public sealed class GlobMatchingTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // Wildcard
    [InlineData("*.jpg", "file.jpg", true)]
    [InlineData("*.jpg", "dir/file.jpg", true)]
    [InlineData("*.jpg", "file.png", false)]
    [InlineData("*.jpg", "dir/file.png", false)]
    // Rooted
    [InlineData("/*.jpg", "file.jpg", true)]
    [InlineData("/*.jpg", "file2.jpg", true)]
    [InlineData("/*.jpg", "file.png", false)]
    [InlineData("/*.jpg", "dir/file.jpg", false)]
    // Alternates
    [InlineData("*.{jpg,png}", "file.jpg", true)]
    [InlineData("*.{jpg,png}", "dir/file.png", true)]
    [InlineData("*.{jpg,png}", "file.gif", false)]
    [InlineData("*.{jpg,png}", "dir/file.gif", false)]
    // Path wildcard
    [InlineData("dir/**", "dir/anyfile", true)]
    [InlineData("dir/**", "subdir/dir/subsubdir/anyfile", true)]
    [InlineData("dir/**", "file.png", false)]
    [InlineData("dir/**", "subdir/file.png", false)]
    // Any character
    [InlineData("*.t?t", "file.txt", true)]
    [InlineData("*.t?t", "dir/file.tzt", true)]
    [InlineData("*.t?t", "file.qxt", false)]
    [InlineData("*.t?t", "dir/file.png", false)]
    // Range
    [InlineData("*.[a-z]", "file.a", true)]
    [InlineData("*.[a-z]", "dir/file.b", true)]
    [InlineData("*.[a-z]", "file.0", false)]
    [InlineData("*.[a-z]", "dir/file.1", false)]
    // Escape
    [InlineData(@"*.\?\?\?", "file.???", true)]
    [InlineData(@"*.\?\?\?", "dir/file.???", true)]
    [InlineData(@"*.\?\?\?", "file.abc", false)]
    [InlineData(@"*.\?\?\?", "dir/file.def", false)]
    // Class
    [InlineData(@"*.\d\d\d", "file.012", true)]
    [InlineData(@"*.\d\d\d", "dir/file.345", true)]
    [InlineData(@"*.\d\d\d", "file.abc", false)]
    [InlineData(@"*.\d\d\d", "dir/file.def", false)]
    // Regexp
    [InlineData("*.{{jpe?g}}", "file.jpeg", true)]
    [InlineData("*.{{jpe?g}}", "dir/file.jpg", true)]
    [InlineData("*.{{jpe?g}}", "file.png", false)]
    [InlineData("*.{{jpe?g}}", "dir/file.jpeeg", false)]
    // Rooted regexp
    [InlineData(@"/{{.*\.jpe?g}}", "file.jpeg", true)]
    [InlineData(@"/{{.*\.jpe?g}}", "file.jpg", true)]
    [InlineData(@"/{{.*\.jpe?g}}", "file.png", false)]
    // Anchoring, from the pattern syntax section
    [InlineData("file.jpg", "file.jpg", true)]
    [InlineData("file.jpg", "directory/file.jpg", true)]
    [InlineData("file.jpg", "afile.jpg", false)]
    [InlineData("file.jpg", "directory/afile.jpg", false)]
    [InlineData("/file.jpg", "file.jpg", true)]
    [InlineData("/file.jpg", "afile.jpg", false)]
    [InlineData("/file.jpg", "directory/file.jpg", false)]
    public void Rclone_documentation_examples(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Matches(pattern, path));

    [Theory]
    // A relative pattern matches the end of the path on a segment boundary.
    [InlineData("b/x.log", "a/b/x.log", true)]
    [InlineData("b/x.log", "b/x.log", true)]
    [InlineData("b/x.log", "ab/x.log", false)]
    [InlineData("*.log", "a/b/x.log", true)]
    [InlineData("/b/x.log", "a/b/x.log", false)]
    // '*' and '?' never cross '/', '**' does.
    [InlineData("/a/*", "a/b", true)]
    [InlineData("/a/*", "a/b/c", false)]
    [InlineData("/a/**", "a/b/c", true)]
    [InlineData("**.jpg", "a/b/c.jpg", true)]
    [InlineData("**.jpg", "c.jpg", true)]
    [InlineData("/a?c", "abc", true)]
    [InlineData("/a?c", "a/c", false)]
    [InlineData("/a**c", "a/b/c", true)]
    [InlineData("/a**b**c**d", "a1/b2/c3/d", true)]
    // Character classes, negated with '!' or '^'; like '?', a class never matches '/'.
    [InlineData("[ab]*", "apple", true)]
    [InlineData("[ab]*", "dir/banana", true)]
    [InlineData("[ab]*", "cherry", false)]
    [InlineData("[!ab]*", "cherry", true)]
    [InlineData("[!ab]*", "apple", false)]
    [InlineData("[^ab]*", "cherry", true)]
    [InlineData("/a[!x]b", "a/b", false)]
    [InlineData("/a[.-0]b", "a/b", false)]
    [InlineData("/a[.-0]b", "a.b", true)]
    [InlineData("[]]x", "]x", true)]
    [InlineData(@"[\]\-]x", "-x", true)]
    [InlineData("[a-]x", "-x", true)]
    [InlineData("[a-]x", "ax", true)]
    [InlineData("[-a]x", "-x", true)]
    [InlineData("[!-a]x", "-x", false)]
    [InlineData("[!-a]x", "bx", true)]
    [InlineData("[a-c-e]x", "-x", true)]
    [InlineData("[a-c-e]x", "dx", false)]
    [InlineData("[[:digit:]-]x", "-x", true)]
    [InlineData(@"[\--0]x", ".x", true)]
    [InlineData("??[^[:punct:]]*", "abc", true)]
    [InlineData("??[^[:punct:]]*", "ab.c", false)]
    [InlineData("/[[:punct:]]", "[", true)]
    [InlineData("/[[:punct:]]", "`", true)]
    [InlineData("/[[:punct:]]", "~", true)]
    [InlineData("/[[:punct:]]", "a", false)]
    [InlineData("[[:digit:]][[:alpha:]]", "1a", true)]
    [InlineData("[[:digit:]][[:alpha:]]", "a1", false)]
    // Alternatives may hold globs and nest; outside braces a comma is literal.
    [InlineData("*.{j*g,png}", "x.jpeg", true)]
    [InlineData("{a,{b,c}d}.txt", "cd.txt", true)]
    [InlineData("{a,{b,c}d}.txt", "c.txt", false)]
    [InlineData("{A,B}/**", "A/x", true)]
    [InlineData("{A,B}/**", "B/y/z", true)]
    [InlineData("{A,B}/**", "C/x", false)]
    [InlineData("potato,sausage", "potato,sausage", true)]
    [InlineData("potato,sausage", "potato", false)]
    [InlineData(@"*\[{JP,KR,HK}\]*", "movie [JP].mkv", true)]
    [InlineData(@"*\[{JP,KR,HK}\]*", "movie [US].mkv", false)]
    // Regex metacharacters in a glob are literal.
    [InlineData("a.b+(c)|^$", "a.b+(c)|^$", true)]
    [InlineData("a.b", "axb", false)]
    [InlineData(@"a\*b", "a*b", true)]
    [InlineData(@"a\*b", "axb", false)]
    [InlineData(@"a\\b", @"a\b", true)]
    [InlineData("name with spaces #1.txt", "dir/name with spaces #1.txt", true)]
    [InlineData("café/*.txt", "x/café/menu.txt", true)]
    // Embedded regular expressions, including quantifiers that end in '}'.
    [InlineData("{{a{2}}}", "aa", true)]
    [InlineData("{{a{2}}}", "a", false)]
    [InlineData("start{{[0-9]+}}.log", "dir/start42.log", true)]
    [InlineData("*.{{(?i)jpg}}", "x.JPG", true)]
    // The embedded ".*" crosses '/', as rclone's documentation warns.
    [InlineData(@"/{{.*\.jpe?g}}", "dir/file.jpg", true)]
    // Case matters unless IgnoreCase is set.
    [InlineData("potato", "potato", true)]
    [InlineData("potato", "POTATO", false)]
    // A pattern ending in '/' is a directory rule and never matches a file.
    [InlineData("dir/", "dir", false)]
    [InlineData("dir/", "dir/file", false)]
    public void Glob_syntax(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Matches(pattern, path));

    [Theory]
    [InlineData("potato", "POTATO")]
    [InlineData("zaphod.txt", "Zaphod.txt")]
    [InlineData("*.[a-z]", "FILE.A")]
    [InlineData("/Dir/**", "dir/x")]
    public void IgnoreCase_matches_any_case(string pattern, string path)
    {
        Assert.False(Matches(pattern, path));
        var filter = FilterSet.Create(new FilterOptions { Include = [pattern], IgnoreCase = true });
        Assert.True(filter.IncludesObject(path, 1, null, Now));
    }

    [Fact]
    public void A_path_with_a_newline_is_matched_whole()
    {
        Assert.False(Matches("*.jpg", "evil.jpg\n"));
        Assert.True(Matches("/**", "a\nb/c"));
    }

    [Fact]
    public void Many_wildcards_against_a_near_miss_path_are_answered()
    {
        // A backtracking engine would try every way to split 300 'a's among the wildcards before failing.
        var path = "dir/" + new string('a', 300);
        Assert.False(Matches("*a*a*a*a*a*a*b", path));
        Assert.False(Matches("**a**a**a**a**a**b", path));
        Assert.True(Matches("*a*a*a*a*a*a*", path));
    }

    private static bool Matches(string pattern, string path) =>
        FilterSet.Create(new FilterOptions { Include = [pattern] }).IncludesObject(path, 1, null, Now);
}
