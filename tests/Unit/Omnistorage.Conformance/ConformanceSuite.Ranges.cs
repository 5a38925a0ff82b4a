namespace Omnistorage.Conformance;

// Ranged reads: a range inside the object returns exactly its bytes, one running past the end is cut at the end, and
// one starting at or after the end is empty (never an error).
public abstract partial class ConformanceSuite
{
    private const int RangedObjectSize = 100_000;

    [ConformanceFact]
    public async Task Ranges_inside_the_object_return_exactly_those_bytes()
    {
        BeginCase();
        var content = GeneratedContent.Bytes(20, RangedObjectSize);
        await PutAsync("ranged.bin", content);
        (long Offset, long Length)[] ranges =
        [
            (0, 1), (0, 10), (0, RangedObjectSize), (1, 4096), (50_000, 1234), (RangedObjectSize - 10, 10),
            (RangedObjectSize - 1, 1), (0, -1), (12_345, -1), (RangedObjectSize - 1, -1),
        ];
        foreach (var (offset, length) in ranges)
        {
            var expected = length < 0 ? content[(int)offset..] : content.AsSpan((int)offset, (int)length).ToArray();
            var actual = await GetAsync("ranged.bin", range: new ByteRange(offset, length));
            Assert.True(expected.AsSpan().SequenceEqual(actual),
                $"Range {new ByteRange(offset, length)} returned {actual.Length} bytes that differ from the expected {expected.Length}.");
        }
    }

    [ConformanceFact]
    public async Task Range_running_past_the_end_is_truncated()
    {
        BeginCase();
        var content = GeneratedContent.Bytes(21, RangedObjectSize);
        await PutAsync("ranged.bin", content);
        Assert.Equal(content[^5..], await GetAsync("ranged.bin", range: new ByteRange(RangedObjectSize - 5, 100)));
        Assert.Equal(content, await GetAsync("ranged.bin", range: new ByteRange(0, RangedObjectSize * 2L)));
        Assert.Equal(content[^1..], await GetAsync("ranged.bin", range: new ByteRange(RangedObjectSize - 1, long.MaxValue / 2)));
    }

    [ConformanceFact]
    public async Task Range_starting_at_or_after_the_end_is_empty()
    {
        BeginCase();
        await PutAsync("ranged.bin", GeneratedContent.Bytes(22, RangedObjectSize));
        foreach (var range in new[]
                 {
                     new ByteRange(RangedObjectSize), new ByteRange(RangedObjectSize, 10), new ByteRange(RangedObjectSize + 1),
                     new ByteRange(10L * RangedObjectSize, 5),
                 })
        {
            Assert.True((await GetAsync("ranged.bin", range: range)).Length == 0, $"Range {range} should be empty.");
        }
    }

    [ConformanceFact]
    public async Task Zero_length_range_is_empty()
    {
        BeginCase();
        await PutAsync("ranged.bin", GeneratedContent.Bytes(23, 1000));
        Assert.Empty(await GetAsync("ranged.bin", range: new ByteRange(0, 0)));
        Assert.Empty(await GetAsync("ranged.bin", range: new ByteRange(500, 0)));
    }

    [ConformanceFact]
    public async Task Ranges_of_an_empty_object_are_empty()
    {
        BeginCase();
        await PutAsync("empty.bin", []);
        Assert.Empty(await GetAsync("empty.bin", range: new ByteRange(0)));
        Assert.Empty(await GetAsync("empty.bin", range: new ByteRange(0, 10)));
        Assert.Empty(await GetAsync("empty.bin", range: new ByteRange(5, 10)));
    }

    [ConformanceFact]
    public async Task Invalid_ranges_are_rejected()
    {
        BeginCase();
        await PutAsync("ranged.bin", GeneratedContent.Bytes(24, 100));
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, async () => await Store.OpenReadAsync("ranged.bin", new ByteRange(-1)));
        await AssertFailsAsync(StorageErrorCode.InvalidArgument, async () => await Store.OpenReadAsync("ranged.bin", new ByteRange(0, -2)));
    }

    [ConformanceFact]
    public async Task Range_of_a_missing_object_is_NotFound()
    {
        BeginCase();
        await AssertFailsAsync(StorageErrorCode.NotFound, async () => await Store.OpenReadAsync("missing.bin", new ByteRange(10, 10)));
    }
}
