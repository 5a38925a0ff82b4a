using Omnistorage.Sync;
using Omnistorage.Sync.Engine;
using static Omnistorage.Core.Tests.Sync.Engine.SyncTestSupport;

namespace Omnistorage.Core.Tests.Sync.Engine;

public sealed class CheckTests
{
    private static async Task<List<SyncDifference>> CheckAsync(CheckOptions options)
    {
        var differences = new List<SyncDifference>();
        await foreach (var difference in SyncEngine.CheckAsync(options)) differences.Add(difference);
        return differences.OrderBy(d => d.Path, StringComparer.Ordinal).ToList();
    }

    private static async Task<(ObjectStore Source, ObjectStore Destination)> TreesAsync(ObjectStore? destination = null)
    {
        var source = NewMemoryStore();
        destination ??= NewMemoryStore();
        await PutManyAsync(source, ("same", "equal"), ("differs", "aaaa"), ("resized", "abc"), ("only-source", "s"), ("dir/same", "x"));
        await PutManyAsync(destination, ("same", "equal"), ("differs", "bbbb"), ("resized", "abcdef"), ("only-destination", "d"), ("dir/same", "x"));
        return (source, destination);
    }

    [Fact]
    public async Task Check_classifies_every_object_by_size_and_common_hash()
    {
        var (source, destination) = await TreesAsync();

        var differences = await CheckAsync(new CheckOptions { Source = source, Destination = destination });

        Assert.Equal(
            ["differs Differ", "dir/same Match", "only-destination DestinationOnly", "only-source SourceOnly", "resized Differ", "same Match"],
            differences.Select(d => $"{d.Path} {d.Kind}").ToList());
        Assert.Equal("MD5 differs", differences.Single(d => d.Path == "differs").Detail);
    }

    [Fact]
    public async Task OneWay_ignores_destination_only_objects_and_SizeOnly_ignores_contents()
    {
        var (source, destination) = await TreesAsync();

        var differences = await CheckAsync(new CheckOptions { Source = source, Destination = destination, OneWay = true, SizeOnly = true });

        Assert.DoesNotContain(differences, d => d.Kind == DifferenceKind.DestinationOnly);
        Assert.Equal(DifferenceKind.Match, differences.Single(d => d.Path == "differs").Kind);
        Assert.Equal(DifferenceKind.Differ, differences.Single(d => d.Path == "resized").Kind);
    }

    [Fact]
    public async Task Without_a_common_hash_check_uses_sizes_unless_download_compares_the_bytes()
    {
        var (source, destination) = await TreesAsync(Wrap(new FaultInjectingBackend { Traits = new BackendTraits { CanHaveEmptyDirectories = true } }));

        var bySize = await CheckAsync(new CheckOptions { Source = source, Destination = destination });
        var sizeOnlyMatch = bySize.Single(d => d.Path == "differs");
        Assert.Equal(DifferenceKind.Match, sizeOnlyMatch.Kind);
        Assert.Contains("size only", sizeOnlyMatch.Detail);

        var byBytes = await CheckAsync(new CheckOptions { Source = source, Destination = destination, Download = true });
        Assert.Equal(DifferenceKind.Differ, byBytes.Single(d => d.Path == "differs").Kind);
        Assert.Equal(DifferenceKind.Match, byBytes.Single(d => d.Path == "same").Kind);
    }

    [Fact]
    public async Task Unreadable_objects_and_unlistable_directories_are_errors()
    {
        var backend = new FaultInjectingBackend
        {
            Traits = new BackendTraits { CanHaveEmptyDirectories = true },
            ReadFailure = path => path == "differs" ? new StorageException(StorageErrorCode.PermissionDenied, "denied") : null,
            ListFailure = path => path == "dir" ? new StorageException(StorageErrorCode.Unavailable, "down", isRetryable: false) : null,
        };
        var (source, destination) = await TreesAsync(Wrap(backend));

        var differences = await CheckAsync(new CheckOptions { Source = source, Destination = destination, Download = true });

        var unreadable = differences.Single(d => d.Path == "differs");
        Assert.Equal(DifferenceKind.Error, unreadable.Kind);
        Assert.Equal(StorageErrorCode.PermissionDenied, unreadable.ErrorCode);
        Assert.Equal(DifferenceKind.Error, differences.Single(d => d.Path == "dir").Kind);
    }

    [Fact]
    public async Task The_report_writer_produces_rclone_combined_and_per_category_lists()
    {
        var (source, destination) = await TreesAsync();
        var combined = new StringWriter();
        var missingOnDestination = new StringWriter();
        var differ = new StringWriter();
        var writer = new CheckReportWriter { Combined = combined, MissingOnDestination = missingOnDestination, Differ = differ };

        await writer.WriteAllAsync(SyncEngine.CheckAsync(new CheckOptions { Source = source, Destination = destination }));

        var lines = combined.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).OrderBy(l => l, StringComparer.Ordinal).ToList();
        Assert.Equal(["* differs", "* resized", "+ only-destination", "- only-source", "= dir/same", "= same"], lines);
        Assert.Equal("only-source", missingOnDestination.ToString().Trim());
        Assert.Equal(2, differ.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(2, writer.Count(DifferenceKind.Match));
        Assert.Equal('!', CheckReportWriter.GetMarker(DifferenceKind.Error));
        Assert.Equal("! broken/path", CheckReportWriter.FormatLine(new SyncDifference("broken/path", DifferenceKind.Error, "x")));
    }

    [Fact]
    public async Task Stopping_the_enumeration_early_stops_the_check()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();
        for (var i = 0; i < 500; i++) await PutAsync(source, $"f{i}", "x");

        var seen = 0;
        await foreach (var _ in SyncEngine.CheckAsync(new CheckOptions { Source = source, Destination = destination, Checkers = 2 }))
        {
            if (++seen == 3) break;
        }

        Assert.Equal(3, seen);
    }

    [Fact]
    public async Task A_missing_source_root_fails_the_check()
    {
        await using var source = NewMemoryStore();
        await using var destination = NewMemoryStore();

        var error = await Assert.ThrowsAsync<StorageException>(() => CheckAsync(new CheckOptions { Source = source, SourcePath = "nope", Destination = destination }));
        Assert.Equal(StorageErrorCode.NotFound, error.Code);
    }
}
