using System.Runtime.InteropServices;

namespace Omnistorage.Backends.Channel;

/// <summary>
/// One item a <see cref="ChannelBackend"/> hands to its consumer: a committed object (in <see cref="ChannelMode.Objects"/>)
/// or one record of a committed object (in <see cref="ChannelMode.Records"/>). Items appear only after a successful
/// commit, never for an aborted, cancelled or failed write. Immutable; <see cref="Data"/> is never written to after
/// publication, so any number of consumers may read it without copying.
/// </summary>
public sealed partial class ChannelObject
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    /// <summary>The backend-relative path the object was written to (for a record, the path of the object holding it).</summary>
    public required string Path { get; init; }

    /// <summary>The committed bytes: the whole object, or one record without its framing.</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>The number of bytes in <see cref="Data"/>.</summary>
    public long Size => Data.Length;

    /// <summary>The content type given to the write, if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>The user metadata given to the write (a snapshot taken at commit).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = NoMetadata;

    /// <summary>The modification time given to the write, or the commit time when none was given.</summary>
    public DateTimeOffset LastModified { get; init; }

    /// <summary>In <see cref="ChannelMode.Records"/>, the zero-based position of this record within its object; null for whole objects.</summary>
    public long? RecordIndex { get; init; }

    /// <summary>A read-only, seekable stream over <see cref="Data"/>. It shares the bytes rather than copying them.</summary>
    public Stream OpenRead() =>
        MemoryMarshal.TryGetArray(Data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(Data.ToArray(), writable: false);

    public override string ToString() =>
        RecordIndex is { } index ? $"{Path} record {index} ({Size} bytes)" : $"{Path} ({Size} bytes)";
}
