namespace Omnistorage.Core.Tests;

public sealed class ByteRangeTests
{
    // The contract documents `default` (and ByteRange.All) as "the whole object", and ObjectStore passes `default` for
    // whole reads (ReadAllBytesAsync, GetHashesAsync, the copy fallback). A backend that reads Length literally must
    // therefore see a range that says "to the end".
    [Fact]
    public void The_default_range_is_the_whole_object()
    {
        Assert.True(ByteRange.All.IsAll);
        Assert.True(default(ByteRange).IsAll);
        Assert.True(default(ByteRange).Length < 0, "default(ByteRange).Length must mean 'to the end' (-1).");
        Assert.Equal("bytes=0-", ByteRange.All.ToString());
    }

    [Fact]
    public void A_range_from_offset_zero_to_the_end_is_the_whole_object()
    {
        Assert.True(ByteRange.FromOffset(0).IsAll);
        Assert.True(new ByteRange(0).IsAll);
    }

    [Fact]
    public void Ranges_describe_themselves_in_http_notation()
    {
        Assert.Equal("bytes=5-", ByteRange.FromOffset(5).ToString());
        Assert.Equal("bytes=5-14", new ByteRange(5, 10).ToString());
        Assert.False(new ByteRange(0, 10).IsAll);
        Assert.False(ByteRange.FromOffset(1).IsAll);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, -1)]
    [InlineData(100, 1)]
    public void Valid_ranges_pass_validation(long offset, long length)
    {
        new ByteRange(offset, length).Validate();
    }

    [Theory]
    [InlineData(-1, -1)]
    [InlineData(0, -2)]
    [InlineData(-5, 10)]
    public void Negative_offsets_and_lengths_below_minus_one_are_invalid(long offset, long length)
    {
        var error = Assert.Throws<StorageException>(() => new ByteRange(offset, length).Validate());

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
    }
}
