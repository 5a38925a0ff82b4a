namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni cat</c>.</summary>
/// <param name="Remote">The object to print.</param>
/// <param name="Offset">The first byte to print.</param>
/// <param name="Count">How many bytes to print; -1 for all up to the end.</param>
internal sealed record CatSettings(string Remote, long Offset = 0, long Count = -1);

/// <summary><c>omni cat REMOTE/PATH</c>: streams one object (or a byte range of it) to standard output.</summary>
internal sealed class CatCommand(CliConsole console)
{
    private const int BufferSize = 1024 * 1024;

    public async Task<int> ExecuteAsync(CatSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Offset < 0) throw new UsageException("--offset cannot be negative.");
        if (settings.Count < -1) throw new UsageException("--count must be -1 (to the end) or more.");
        var remote = Remote.Parse(settings.Remote);
        await using var item = await remote.OpenItemAsync(createRoot: false, cancellationToken).ConfigureAwait(false);
        Stream content;
        try
        {
            content = await item.Store.OpenReadAsync(item.Path, new ByteRange(settings.Offset, settings.Count), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
        {
            // Backends report a directory opened for reading as NotFound; saying what it is helps more.
            var info = await item.Store.TryStatAsync(item.Path, cancellationToken).ConfigureAwait(false);
            if (info is { IsDirectory: true })
            {
                throw new StorageException(StorageErrorCode.InvalidArgument, $"'{remote}' is a directory; cat prints objects.", item.Store.Name, item.Path, ex);
            }

            throw new StorageException(StorageErrorCode.NotFound, $"'{remote}' was not found.", item.Store.Name, item.Path, ex);
        }

        await using (content.ConfigureAwait(false))
        {
            // Standard output belongs to the process, so it is flushed but not closed.
            var output = console.OpenOutput();
            await content.CopyToAsync(output, BufferSize, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
