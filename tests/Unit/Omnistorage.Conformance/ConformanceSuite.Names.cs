using System.Text;

namespace Omnistorage.Conformance;

// Object names: characters that URLs, shells and file systems treat specially must survive a round trip, a listing
// and a stat exactly as given, byte for byte.
public abstract partial class ConformanceSuite
{
    [ConformanceFact]
    public async Task Names_with_spaces_and_punctuation_round_trip()
    {
        BeginCase();
        await AssertNamesRoundTripAsync(
        [
            "with space.txt", "two  spaces", "-leading-dash", "--double-dash", "amp&ersand", "equals=sign", "semi;colon",
            "comma,name", "brackets[1]", "braces{x}", "tilde~name", "at@sign", "dollar$sign", "single'quote", "paren(1)",
            "caret^name", "back`tick", "excl!amation", ".hidden", "trailing.dot.txt",
        ]);
    }

    [ConformanceFact]
    public async Task Names_with_url_special_characters_round_trip()
    {
        BeginCase();
        await AssertNamesRoundTripAsync(
            ["hash#tag", "#leading-hash", "percent%sign", "encoded%20space", "100%", "question?mark", "q?x=1&y=2", "plus+sign", "+leading-plus"]);
    }

    [ConformanceFact]
    public async Task Names_with_non_ascii_characters_round_trip()
    {
        BeginCase();
        await AssertNamesRoundTripAsync(["日本語のファイル.txt", "ünïcödé", "emoji-😀-name", "Ελληνικά", "עברית", "z\u00A0nbsp"]);
    }

    [ConformanceFact]
    public async Task Unicode_NFC_and_NFD_spellings_are_distinct_names()
    {
        BeginCase();
        var composed = "caf\u00e9.txt";
        var decomposed = "cafe\u0301.txt";
        Assert.Equal(composed, decomposed.Normalize(NormalizationForm.FormC));
        await PutAsync(composed, Encoding.UTF8.GetBytes("composed"));
        await PutAsync(decomposed, Encoding.UTF8.GetBytes("decomposed"));
        await AssertContentAsync(composed, Encoding.UTF8.GetBytes("composed"));
        await AssertContentAsync(decomposed, Encoding.UTF8.GetBytes("decomposed"));
        var names = (await ListAsync()).Select(item => item.Path).ToList();
        Assert.Contains(names, name => string.Equals(name, composed, StringComparison.Ordinal));
        Assert.Contains(names, name => string.Equals(name, decomposed, StringComparison.Ordinal));
        Assert.Equal(2, names.Count);
    }

    [ConformanceFact]
    public async Task Very_long_name_round_trips()
    {
        BeginCase();
        var name = string.Concat(Enumerable.Range(0, 200).Select(i => (char)('a' + (i % 26))));
        await AssertNamesRoundTripAsync([name]);
    }

    [ConformanceFact]
    public async Task Deeply_nested_path_round_trips()
    {
        BeginCase();
        var path = string.Join('/', Enumerable.Range(0, 20).Select(i => $"level{i}")) + "/deep.txt";
        var content = Encoding.UTF8.GetBytes(path);
        await PutAsync(path, content);
        await AssertContentAsync(path, content);
        Assert.Contains(await ListRecursiveAsync(), item => item.Path == path);
    }

    [ConformanceFact]
    public async Task Names_differing_only_in_case_follow_the_case_sensitivity_flag()
    {
        BeginCase();
        await PutAsync("Case.txt", Encoding.UTF8.GetBytes("upper"));
        await PutAsync("case.txt", Encoding.UTF8.GetBytes("lower"));
        var listed = await ListAsync();
        if (Store.Features.IsCaseInsensitive)
        {
            // One object, holding what was written last, reachable by either spelling.
            Assert.Single(listed);
            Assert.Equal("lower"u8.ToArray(), await GetAsync("CASE.TXT"));
        }
        else
        {
            Assert.Equal(2, listed.Count);
            await AssertContentAsync("Case.txt", Encoding.UTF8.GetBytes("upper"));
            await AssertContentAsync("case.txt", Encoding.UTF8.GetBytes("lower"));
            await AssertFailsAsync(StorageErrorCode.NotFound, async () => await Store.StatAsync("CASE.TXT"));
        }
    }

    /// <summary>
    /// Writes each name at the root and inside a directory whose own name needs care, then checks stat, content,
    /// the listing (byte-exact names) and the recursive listing.
    /// </summary>
    private async Task AssertNamesRoundTripAsync(IReadOnlyList<string> names)
    {
        var paths = names.SelectMany(name => new[] { name, "dir with #%?+ chars/" + name }).ToList();
        foreach (var path in paths)
        {
            var content = Encoding.UTF8.GetBytes(path);
            var committed = await PutAsync(path, content);
            Assert.Equal(path, committed.Path);
            await AssertContentAsync(path, content);
            Assert.Equal(path, (await Store.StatAsync(path)).Path);
            Assert.True(await Store.ExistsAsync(path), $"'{path}' should exist.");
        }

        foreach (var directory in new[] { "", "dir with #%?+ chars" })
        {
            var listed = (await ListAsync(directory)).Where(item => !item.IsDirectory).Select(item => item.Path).ToList();
            var expected = names.Select(name => StoragePath.Combine(directory, name)).ToList();
            Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
            var listedNames = (await ListAsync(directory)).Where(item => !item.IsDirectory).Select(item => item.Name);
            Assert.Equal(names.Order(StringComparer.Ordinal), listedNames.Order(StringComparer.Ordinal));
        }

        var recursive = (await ListRecursiveAsync()).Where(item => !item.IsDirectory).Select(item => item.Path);
        Assert.Equal(paths.Order(StringComparer.Ordinal), recursive.Order(StringComparer.Ordinal));
    }
}
