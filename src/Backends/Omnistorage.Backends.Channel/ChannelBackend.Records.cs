namespace Omnistorage.Backends.Channel;
public sealed partial class ChannelBackend
{
    private static ValueTask<IReadOnlyList<ChannelObject>> SplitRecordsAsync(string path, byte[] data, string? contentType, IReadOnlyDictionary<string, string> metadata,
        DateTimeOffset lastModified, CancellationToken cancellationToken) => throw new NotImplementedException();
}
