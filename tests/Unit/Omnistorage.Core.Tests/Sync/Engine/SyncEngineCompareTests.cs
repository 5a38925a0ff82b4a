using Omnistorage.Sync;
using Omnistorage.Sync.Engine;
using static Omnistorage.Core.Tests.Sync.Engine.SyncTestSupport;

namespace Omnistorage.Core.Tests.Sync.Engine;

public sealed class SyncEngineCompareTests
{
    /// <summary>Source and destination hold the same path with the given contents and times.</summary>
    private static async Task<(ObjectStore Source, ObjectStore Destination)> PairAsync(string sourceContent, DateTimeOffset sourceTime, string destinationContent, DateTimeOffset destinationTime)
    {
        var source = NewMemoryStore();
        var destination = NewMemoryStore();
        await PutAsync(source, "file", sourceContent, sourceTime);
        await PutAsync(destination, "file", destinationContent, destinationTime);
        return (source, destination);
    }

    private static async Task<string> DestinationContentAsync(ObjectStore destination) => (await ReadTreeAsync(destination))["file"];

    [Fact]
    public async Task Default_comparison_skips_equal_size_and_time_even_when_contents_differ()
    {
        var (source, destination) = await PairAsync("aaaa", BaseTime, "bbbb", BaseTime);

        var result = await SyncEngine.RunAsync(Options(source, destination));

        Assert.Equal(0, result.ObjectsTransferred);
        Assert.Equal(1, result.ObjectsSkipped);
        Assert.Equal("bbbb", await DestinationContentAsync(destination));
    }

    [Fact]
    public async Task Default_comparison_copies_when_sizes_differ()
    {
        var (source, destination) = await PairAsync("longer", BaseTime, "short", BaseTime);

        var result = await SyncEngine.RunAsync(Options(source, destination) with { RecordActions = true });

        Assert.Equal(1, result.ObjectsTransferred);
        Assert.Contains("size differs", Assert.Single(result.Actions).Reason);
        Assert.Equal("longer", await DestinationContentAsync(destination));
    }

    [Fact]
    public async Task Only_a_different_modification_time_with_equal_hashes_fixes_the_time_instead_of_copying()
    {
        var (source, destination) = await PairAsync("same", BaseTime, "same", BaseTime.AddHours(1));

        var result = await SyncEngine.RunAsync(Options(source, destination) with { RecordActions = true });

        Assert.Equal(0, result.ObjectsTransferred);
        Assert.Equal(1, result.ModificationTimesFixed);
        Assert.Equal(SyncActionKind.SetModificationTime, Assert.Single(result.Actions).Kind);
        Assert.Equal(BaseTime, (await destination.StatAsync("file")).LastModified);
    }

    [Fact]
    public async Task A_different_time_and_different_content_of_equal_size_is_copied()
    {
        var (source, destination) = await PairAsync("new!", BaseTime, "old!", BaseTime.AddHours(-1));

        var result = await SyncEngine.RunAsync(Options(source, destination));

        Assert.Equal(1, result.ObjectsTransferred);
        Assert.Equal(0, result.ModificationTimesFixed);
        Assert.Equal("new!", await DestinationContentAsync(destination));
    }

    [Fact]
    public async Task Times_within_the_coarser_precision_of_the_two_backends_are_equal()
    {
        await using var source = NewMemoryStore();
        await using var destination = Wrap(new FaultInjectingBackend
        {
            Traits = new BackendTraits { CanHaveEmptyDirectories = true, ModificationTimePrecision = TimeSpan.FromSeconds(2), NativeHashes = HashTypes.Md5 },
        });
        await PutAsync(source, "file", "abcd", BaseTime.AddMilliseconds(1500));
        await PutAsync(destination, "file", "wxyz", BaseTime);

        var result = await SyncEngine.RunAsync(Options(source, destination));

        Assert.Equal(0, result.ObjectsTransferred);
        Assert.Equal(0, result.ModificationTimesFixed);
        Assert.Equal(1, result.ObjectsSkipped);
    }

    [Fact]
    public async Task Without_modification_times_on_one_side_the_default_comparison_uses_size_only()
    {
        await using var source = NewMemoryStore();
        await using var destination = Wrap(new FaultInjectingBackend { Traits = new BackendTraits { CanHaveEmptyDirectories = true } });
        await PutAsync(source, "same-size", "abcd", BaseTime);
        await PutAsync(source, "other-size", "abcdef", BaseTime);
        await PutAsync(destination, "same-size", "wxyz", BaseTime.AddDays(-9));
        await PutAsync(destination, "other-size", "wxyz", BaseTime.AddDays(-9));

        var result = await SyncEngine.RunAsync(Options(source, destination));

        Assert.Equal(1, result.ObjectsTransferred);
        Assert.Equal(new Dictionary<string, string> { ["other-size"] = "abcdef", ["same-size"] = "wxyz" }, await ReadTreeAsync(destination));
    }

    [Fact]
    public async Task Checksum_copies_equal_sized_objects_whose_hashes_differ_whatever_their_times()
    {
        var (source, destination) = await PairAsync("aaaa", BaseTime, "bbbb", BaseTime);

        var result = await SyncEngine.RunAsync(Options(source, destination) with { Compare = CompareMode.Checksum });

        Assert.Equal(1, result.ObjectsTransferred);
        Assert.Empty(result.Warnings);
        Assert.Equal("aaaa", await DestinationContentAsync(destination));

        var again = await SyncEngine.RunAsync(Options(source, destination) with { Compare = CompareMode.Checksum });
        Assert.Equal(0, again.ObjectsTransferred);
    }

    [Fact]
    public async Task Checksum_without_a_common_hash_falls_back_to_size_with_a_warning()
    {
        await using var source = NewMemoryStore();
        await using var destination = Wrap(new FaultInjectingBackend
        {
            Traits = new BackendTraits { CanHaveEmptyDirectories = true, ModificationTimePrecision = TimeSpan.FromTicks(1) },
        });
        await PutAsync(source, "file", "aaaa");
        await PutAsync(destination, "file", "bbbb");

        var result = await SyncEngine.RunAsync(Options(source, destination) with { Compare = CompareMode.Checksum });

        Assert.Equal(0, result.ObjectsTransferred);
        Assert.Contains("size only", Assert.Single(result.Warnings));
    }

    [Fact]
    public async Task SizeOnly_ignores_times_and_contents()
    {
        var (source, destination) = await PairAsync("aaaa", BaseTime, "bbbb", BaseTime.AddDays(-1));

        var result = await SyncEngine.RunAsync(Options(source, destination) with { Compare = CompareMode.SizeOnly });

        Assert.Equal(0, result.ObjectsTransferred);
        Assert.Equal(0, result.ModificationTimesFixed);
        Assert.Equal("bbbb", await DestinationContentAsync(destination));
    }

    [Fact]
    public async Task Update_skips_objects_that_are_newer_at_the_destination()
    {
        var (source, destination) = await PairAsync("from source", BaseTime, "edited at destination", BaseTime.AddHours(1));

        var result = await SyncEngine.RunAsync(Options(source, destination) with { Update = true });

        Assert.Equal(0, result.ObjectsTransferred);
        Assert.Equal("edited at destination", await DestinationContentAsync(destination));

        var (newerSource, olderDestination) = await PairAsync("from source", BaseTime.AddHours(2), "edited at destination", BaseTime);
        var updated = await SyncEngine.RunAsync(Options(newerSource, olderDestination) with { Update = true });
        Assert.Equal(1, updated.ObjectsTransferred);
        Assert.Equal("from source", await DestinationContentAsync(olderDestination));
    }

    [Fact]
    public async Task IgnoreExisting_skips_every_object_present_at_the_destination()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        await PutManyAsync(source, ("exists", "completely different"), ("new", "n"));
        await PutAsync(destination, "exists", "x");

        var result = await SyncEngine.RunAsync(Options(source, destination) with { IgnoreExisting = true });

        Assert.Equal(1, result.ObjectsTransferred);
        Assert.Equal(new Dictionary<string, string> { ["exists"] = "x", ["new"] = "n" }, await ReadTreeAsync(destination));
    }

    [Fact]
    public async Task IgnoreTimes_transfers_identical_objects_too()
    {
        var (source, destination) = await PairAsync("same", BaseTime, "same", BaseTime);

        var result = await SyncEngine.RunAsync(Options(source, destination) with { IgnoreTimes = true });

        Assert.Equal(1, result.ObjectsTransferred);
        Assert.Equal(0, result.ObjectsSkipped);
    }
}
