namespace Omnistorage.Sync.Engine;

/// <summary>
/// The facts about a pair of stores that comparisons need, computed once per run: the modification-time window and
/// the hash type both backends supply natively.
/// </summary>
internal sealed class ObjectComparison
{
    public ObjectComparison(ObjectStore source, ObjectStore destination)
    {
        Source = source;
        Destination = destination;
        var sourceFeatures = source.Features;
        var destinationFeatures = destination.Features;
        HasModificationTimes = sourceFeatures.HasModificationTimes && destinationFeatures.HasModificationTimes;
        ModificationTimeWindow = HasModificationTimes
            ? (sourceFeatures.ModificationTimePrecision > destinationFeatures.ModificationTimePrecision ? sourceFeatures.ModificationTimePrecision : destinationFeatures.ModificationTimePrecision)
            : TimeSpan.MaxValue;
        var shared = sourceFeatures.NativeHashes & destinationFeatures.NativeHashes;
        CommonHash = shared == HashTypes.None ? null : shared.Enumerate().First();
    }

    public ObjectStore Source { get; }

    public ObjectStore Destination { get; }

    /// <summary>Both backends keep modification times.</summary>
    public bool HasModificationTimes { get; }

    /// <summary>Two times closer than this are equal: the coarser precision of the two backends.</summary>
    public TimeSpan ModificationTimeWindow { get; }

    /// <summary>A hash both backends supply without reading the object, or null.</summary>
    public HashType? CommonHash { get; }

    public static bool SizesDiffer(ObjectInfo source, ObjectInfo destination) =>
        source.Size >= 0 && destination.Size >= 0 && source.Size != destination.Size;

    /// <summary>Negative when the source is older, positive when newer, 0 within the window; null when either time is unknown.</summary>
    public int? CompareModificationTimes(ObjectInfo source, ObjectInfo destination)
    {
        if (!HasModificationTimes || source.LastModified is not { } sourceTime || destination.LastModified is not { } destinationTime) return null;
        var difference = sourceTime - destinationTime;
        if (difference.Duration() < ModificationTimeWindow) return 0;
        return difference > TimeSpan.Zero ? 1 : -1;
    }

    /// <summary>Whether the two objects have equal <see cref="CommonHash"/> values; null when there is no common hash.</summary>
    public async ValueTask<bool?> HashesEqualAsync(ObjectInfo source, ObjectInfo destination, CancellationToken cancellationToken)
    {
        if (CommonHash is not { } type) return null;
        var sourceHash = await GetHashAsync(Source, source, type, cancellationToken).ConfigureAwait(false);
        var destinationHash = await GetHashAsync(Destination, destination, type, cancellationToken).ConfigureAwait(false);
        return string.Equals(sourceHash, destinationHash, StringComparison.OrdinalIgnoreCase);
    }

    public static async ValueTask<string> GetHashAsync(ObjectStore store, ObjectInfo item, HashType type, CancellationToken cancellationToken) =>
        item.GetHash(type) ?? await store.GetHashAsync(item.Path, type, cancellationToken).ConfigureAwait(false);

    /// <summary>Compares the bytes of two objects by reading both (check's download mode).</summary>
    public async ValueTask<bool> ContentsEqualAsync(ObjectInfo source, ObjectInfo destination, CancellationToken cancellationToken)
    {
        const int BufferSize = 64 * 1024;
        await using var left = await Source.OpenReadAsync(source.Path, default, cancellationToken).ConfigureAwait(false);
        await using var right = await Destination.OpenReadAsync(destination.Path, default, cancellationToken).ConfigureAwait(false);
        var leftBuffer = new byte[BufferSize];
        var rightBuffer = new byte[BufferSize];
        while (true)
        {
            var leftCount = await left.ReadAtLeastAsync(leftBuffer, BufferSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var rightCount = await right.ReadAtLeastAsync(rightBuffer, BufferSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (leftCount != rightCount || !leftBuffer.AsSpan(0, leftCount).SequenceEqual(rightBuffer.AsSpan(0, rightCount))) return false;
            if (leftCount < BufferSize) return true;
        }
    }
}
