using Omnistorage.Sync;

namespace Omnistorage.Core.Tests.Sync.Filters;

public sealed class DirectoryPruningTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_anchored_include_lists_only_the_directories_leading_to_it()
    {
        // rclone's documented example: for --include /a/b/*.txt only a and a/b are traversed.
        var filter = FilterSet.Create(new FilterOptions { Include = ["/a/b/*.txt"] });

        Assert.True(filter.IncludesDirectory(""));
        Assert.True(filter.IncludesDirectory("a"));
        Assert.True(filter.IncludesDirectory("a/b"));
        Assert.False(filter.IncludesDirectory("a/b/c"));
        Assert.False(filter.IncludesDirectory("a/c"));
        Assert.False(filter.IncludesDirectory("x"));
        Assert.True(filter.IncludesObject("a/b/n.txt", 1, null, Now));
    }

    [Fact]
    public void A_rooted_file_include_prunes_every_directory()
    {
        var filter = FilterSet.Create(new FilterOptions { Include = ["/*.jpg"] });
        Assert.False(filter.IncludesDirectory("photos"));
        Assert.True(filter.IncludesObject("a.jpg", 1, null, Now));
    }

    [Fact]
    public void An_unanchored_include_keeps_every_directory_because_it_matches_at_any_depth()
    {
        var suffix = FilterSet.Create(new FilterOptions { Include = ["*.txt"] });
        Assert.True(suffix.IncludesDirectory("x"));
        Assert.True(suffix.IncludesDirectory("x/y/z"));

        // rclone would prune "x" here and miss x/a/b/c.txt, which its own file rule includes; we do not.
        var withPath = FilterSet.Create(new FilterOptions { Include = ["a/b/*.txt"] });
        Assert.True(withPath.IncludesDirectory("x"));
        Assert.True(withPath.IncludesObject("x/a/b/c.txt", 1, null, Now));
    }

    [Fact]
    public void Double_star_includes_keep_directories_below_their_fixed_prefix()
    {
        var filter = FilterSet.Create(new FilterOptions { Include = ["/a/**/x.txt", "/{b,c}/*.txt"] });

        Assert.True(filter.IncludesDirectory("a"));
        Assert.True(filter.IncludesDirectory("a/q/r/s"));
        Assert.True(filter.IncludesDirectory("b"));
        Assert.True(filter.IncludesDirectory("c"));
        Assert.False(filter.IncludesDirectory("b/deeper"));
        Assert.False(filter.IncludesDirectory("d"));
    }

    [Fact]
    public void Excluding_a_directory_prunes_it_wherever_it_appears()
    {
        var filter = FilterSet.Create(new FilterOptions { Exclude = ["node_modules/"] });

        Assert.False(filter.IncludesDirectory("node_modules"));
        Assert.False(filter.IncludesDirectory("web/app/node_modules"));
        Assert.False(filter.IncludesDirectory("web/app/node_modules/left-pad"));
        Assert.True(filter.IncludesDirectory("web/app"));
        Assert.True(filter.IncludesDirectory("node_modules2"));
        Assert.False(filter.IncludesObject("web/node_modules/x.js", 1, null, Now));
    }

    [Fact]
    public void A_rooted_directory_exclude_prunes_only_at_the_root()
    {
        var filter = FilterSet.Create(new FilterOptions { Exclude = ["/dir/**"] });
        Assert.False(filter.IncludesDirectory("dir"));
        Assert.False(filter.IncludesDirectory("dir/sub"));
        Assert.True(filter.IncludesDirectory("x/dir"));
    }

    [Fact]
    public void A_file_exclude_never_prunes()
    {
        // Without a trailing '/' or '**' the pattern names files only, as in rclone: the directory is still listed.
        var filter = FilterSet.Create(new FilterOptions { Exclude = ["node_modules", "*.tmp", "/dir/*"] });
        Assert.True(filter.IncludesDirectory("node_modules"));
        Assert.True(filter.IncludesDirectory("a.tmp"));
        Assert.True(filter.IncludesDirectory("dir/sub"));
        Assert.True(filter.IncludesObject("node_modules/x.js", 1, null, Now));
    }

    [Fact]
    public void An_earlier_include_keeps_an_excluded_directory_listed()
    {
        var anchored = FilterSet.Create(new FilterOptions { FilterRules = ["+ /dir/keep.txt", "- /dir/**"] });
        Assert.True(anchored.IncludesDirectory("dir"));
        Assert.False(anchored.IncludesDirectory("dir/sub"));
        Assert.True(anchored.IncludesObject("dir/keep.txt", 1, null, Now));
        Assert.False(anchored.IncludesObject("dir/other.txt", 1, null, Now));

        // Unanchored, dir/sub/dir/keep.txt would be included too, so dir/sub must stay listed.
        var unanchored = FilterSet.Create(new FilterOptions { FilterRules = ["+ dir/keep.txt", "- dir/**"] });
        Assert.True(unanchored.IncludesDirectory("dir/sub"));
        Assert.True(unanchored.IncludesObject("dir/sub/dir/keep.txt", 1, null, Now));
    }

    [Fact]
    public void Excluding_star_prunes_everything_not_needed_by_earlier_includes()
    {
        var filter = FilterSet.Create(new FilterOptions { FilterRules = ["+ /a/*.txt", "- *"] });
        Assert.True(filter.IncludesDirectory("a"));
        Assert.False(filter.IncludesDirectory("b"));
        Assert.False(filter.IncludesDirectory("a/b"));
    }

    [Fact]
    public void Rclone_documentation_directory_filter_example()
    {
        var filter = FilterSet.Create(new FilterOptions { FilterFileLines = ["- /dir1/", "- /dir2/", "+ *.pdf", "- **"] });

        Assert.False(filter.IncludesDirectory("dir1"));
        Assert.False(filter.IncludesDirectory("dir2"));
        Assert.True(filter.IncludesDirectory("docs"));
        Assert.True(filter.IncludesDirectory("docs/dir1"));
        Assert.False(filter.IncludesObject("dir1/a.pdf", 1, null, Now));
        Assert.True(filter.IncludesObject("a.pdf", 1, null, Now));
        Assert.True(filter.IncludesObject("docs/b.pdf", 1, null, Now));
        Assert.False(filter.IncludesObject("c.txt", 1, null, Now));
    }

    [Fact]
    public void An_included_directory_rule_selects_directories_but_no_files()
    {
        // rclone: "--include /directory/ will not match any files"; it only limits which directories are listed.
        var filter = FilterSet.Create(new FilterOptions { Include = ["/a/b/"] });

        Assert.True(filter.IncludesDirectory("a"));
        Assert.True(filter.IncludesDirectory("a/b"));
        Assert.False(filter.IncludesDirectory("a/b/c"));
        Assert.False(filter.IncludesDirectory("x"));
        Assert.False(filter.IncludesObject("a/b/file", 1, null, Now));
    }

    [Fact]
    public void Patterns_that_cannot_be_analysed_never_prune_wrongly()
    {
        var regex = FilterSet.Create(new FilterOptions { Include = ["/{{a.*}}"] });
        Assert.True(regex.IncludesDirectory("zzz"));
        Assert.True(regex.IncludesObject("ab/c", 1, null, Now));

        var slashInBraces = FilterSet.Create(new FilterOptions { Include = ["/{a/b,c}/*.txt"] });
        Assert.True(slashInBraces.IncludesDirectory("a"));
        Assert.True(slashInBraces.IncludesObject("a/b/x.txt", 1, null, Now));

        // An exclude with an embedded regex is never trusted to cover a whole directory.
        var regexExclude = FilterSet.Create(new FilterOptions { Exclude = ["/{{dir}}/**"] });
        Assert.True(regexExclude.IncludesDirectory("dir"));
        Assert.False(regexExclude.IncludesObject("dir/x", 1, null, Now));
    }

    [Fact]
    public void IgnoreCase_applies_to_pruning()
    {
        var filter = FilterSet.Create(new FilterOptions { Include = ["/Photos/*.jpg"], Exclude = ["TMP/"], IgnoreCase = true });
        Assert.True(filter.IncludesDirectory("photos"));
        Assert.False(filter.IncludesDirectory("videos"));

        var excludes = FilterSet.Create(new FilterOptions { Exclude = ["TMP/"], IgnoreCase = true });
        Assert.False(excludes.IncludesDirectory("a/tmp"));
    }

    [Fact]
    public void Size_and_age_limits_never_exclude_a_directory()
    {
        var filter = FilterSet.Create(new FilterOptions { MinSize = 1_000_000, MaxAge = TimeSpan.FromSeconds(1) });
        Assert.True(filter.IncludesDirectory("a/b"));
        Assert.True(filter.IncludesObject(ObjectInfo.Directory("a", Now.AddYears(-5)), Now));
    }

    /// <summary>
    /// The promise callers rely on: if a file is included, no directory above it is pruned. Checked for many rule
    /// sets over a tree of paths, so walking with pruning and filtering a full listing select the same files.
    /// </summary>
    [Fact]
    public void Pruning_never_hides_an_included_file()
    {
        string[] patterns =
        [
            "*.txt", "/*.txt", "a/*.txt", "/a/*.txt", "/a/b/*.txt", "a/**", "/a/**", "**/c/*", "/a/**/x.txt", "b/",
            "/b/", "c/**", "/{a,b}/*", "{a,b}/c/*", "[ab]/*.txt", "/a?/**", "/*/b/*", "*", "**", "/**", "x.txt",
            "/a/b/", "{{a}}/*.txt", "/{a/b,c}/*",
        ];
        string[] segments = ["a", "b", "c", "ab", "x.txt", "y.bin"];
        var files = new List<string>();
        foreach (var first in segments)
        {
            files.Add(first);
            foreach (var second in segments)
            {
                files.Add(first + "/" + second);
                foreach (var third in segments)
                {
                    files.Add(first + "/" + second + "/" + third);
                    files.Add(first + "/" + second + "/" + third + "/x.txt");
                }
            }
        }

        var random = new Random(20240601);
        for (var round = 0; round < 300; round++)
        {
            var ruleCount = random.Next(1, 5);
            var rules = new List<string>();
            for (var i = 0; i < ruleCount; i++)
            {
                rules.Add((random.Next(2) == 0 ? "+ " : "- ") + patterns[random.Next(patterns.Length)]);
            }

            var options = random.Next(3) == 0
                ? new FilterOptions { Include = rules.Select(rule => rule[2..]).ToArray() }
                : new FilterOptions { FilterRules = rules };
            var filter = FilterSet.Create(options);
            foreach (var file in files)
            {
                if (!filter.IncludesObject(file, 1, null, Now))
                {
                    continue;
                }

                for (var slash = file.IndexOf('/'); slash >= 0; slash = file.IndexOf('/', slash + 1))
                {
                    var directory = file[..slash];
                    Assert.True(filter.IncludesDirectory(directory),
                        $"'{directory}' was pruned but '{file}' is included by:{Environment.NewLine}{filter}");
                }
            }
        }
    }
}
