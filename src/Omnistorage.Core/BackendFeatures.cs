namespace Omnistorage;

/// <summary>
/// The facts about a backend that its interfaces cannot express. A backend builds one of these once; see
/// <see cref="BackendFeatures"/> for the full, computed picture.
/// </summary>
public sealed record BackendTraits
{
    /// <summary>Objects live in flat buckets and directories are emulated from key prefixes.</summary>
    public bool IsBucketBased { get; init; }

    /// <summary>Names differing only in case refer to the same object.</summary>
    public bool IsCaseInsensitive { get; init; }

    /// <summary>A directory can exist with nothing in it.</summary>
    public bool CanHaveEmptyDirectories { get; init; }

    /// <summary>The granularity of stored modification times; <see cref="TimeSpan.MaxValue"/> when the backend keeps none.</summary>
    public TimeSpan ModificationTimePrecision { get; init; } = TimeSpan.MaxValue;

    /// <summary>Hashes the backend can supply without the portable layer reading the object.</summary>
    public HashTypes NativeHashes { get; init; }

    /// <summary>The largest object the backend accepts, or -1 for no known limit.</summary>
    public long MaxObjectSize { get; init; } = -1;

    /// <summary>Writes are refused (for example an HTTP index).</summary>
    public bool IsReadOnly { get; init; }

    /// <summary>Reads and listings are refused (for example a channel or webhook sink).</summary>
    public bool IsWriteOnly { get; init; }

    /// <summary>A listing of a directory reflects writes that completed before it (read-after-write consistency).</summary>
    public bool IsListingConsistent { get; init; } = true;
}

/// <summary>
/// Everything a caller may branch on: the backend's <see cref="BackendTraits"/> plus the optional interfaces it
/// implements. Computed once per <see cref="ObjectStore"/>.
/// </summary>
public sealed record BackendFeatures
{
    public required string Name { get; init; }
    public bool IsBucketBased { get; init; }
    public bool IsCaseInsensitive { get; init; }
    public bool CanHaveEmptyDirectories { get; init; }
    public TimeSpan ModificationTimePrecision { get; init; } = TimeSpan.MaxValue;

    /// <summary>True when the backend stores modification times at all.</summary>
    public bool HasModificationTimes => ModificationTimePrecision != TimeSpan.MaxValue;

    /// <summary>Hashes the backend supplies natively (no read through the client).</summary>
    public HashTypes NativeHashes { get; init; }

    /// <summary>Hashes available at all: native ones, plus every type when the backend can be read (computed by reading).</summary>
    public HashTypes SupportedHashes { get; init; }

    public long MaxObjectSize { get; init; } = -1;
    public bool IsReadOnly { get; init; }
    public bool IsWriteOnly { get; init; }
    public bool IsListingConsistent { get; init; } = true;
    public bool CanServerSideCopy { get; init; }
    public bool CanServerSideMove { get; init; }
    public bool CanMoveDirectories { get; init; }
    public bool CanPurge { get; init; }
    public bool CanListRecursively { get; init; }
    public bool CanSetModificationTime { get; init; }
    public bool CanAbout { get; init; }
    public bool CanSignUrls { get; init; }
    public bool CanAppend { get; init; }
    public bool CanResumeUploads { get; init; }

    /// <summary>Builds the feature record from what <paramref name="backend"/> implements and declares.</summary>
    public static BackendFeatures Describe(IStorageBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var traits = backend.Traits;
        return new BackendFeatures
        {
            Name = backend.Name,
            IsBucketBased = traits.IsBucketBased,
            IsCaseInsensitive = traits.IsCaseInsensitive,
            CanHaveEmptyDirectories = traits.CanHaveEmptyDirectories,
            ModificationTimePrecision = traits.ModificationTimePrecision,
            NativeHashes = backend is INativeHashes ? traits.NativeHashes : HashTypes.None,
            SupportedHashes = traits.IsWriteOnly ? (backend is INativeHashes ? traits.NativeHashes : HashTypes.None) : HashTypes.All,
            MaxObjectSize = traits.MaxObjectSize,
            IsReadOnly = traits.IsReadOnly,
            IsWriteOnly = traits.IsWriteOnly,
            IsListingConsistent = traits.IsListingConsistent,
            CanServerSideCopy = backend is IServerSideCopy,
            CanServerSideMove = backend is IServerSideMove,
            CanMoveDirectories = backend is IDirectoryMove,
            CanPurge = backend is IPurge,
            CanListRecursively = backend is IRecursiveLister,
            CanSetModificationTime = backend is ISetModificationTime,
            CanAbout = backend is IAbout,
            CanSignUrls = backend is ISignedUrls,
            CanAppend = backend is IAppendableWrites,
            CanResumeUploads = backend is IResumableUploads,
        };
    }
}
