namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni purge</c>.</summary>
/// <param name="Remote">The directory to remove with everything in it.</param>
/// <param name="DryRun">Say what would be removed and change nothing.</param>
internal sealed record PurgeSettings(string Remote, bool DryRun = false);

/// <summary>
/// <c>omni purge REMOTE/PATH</c>: removes a directory and everything beneath it, natively where the backend can. The
/// root of a backend (<c>/</c>, <c>memory://store</c>) is refused: that would wipe the whole store, and <c>delete</c>
/// with <c>--rmdirs</c> says more plainly that this is wanted.
/// </summary>
internal sealed class PurgeCommand(CliConsole console)
{
    public async Task<int> ExecuteAsync(PurgeSettings settings, CancellationToken cancellationToken)
    {
        var remote = Remote.Parse(settings.Remote);
        if (remote.Parent is null)
        {
            throw new UsageException($"'{remote}' is the root of its backend; purge removes directories inside a store. Use 'omni delete --rmdirs' to empty a whole store.");
        }

        await using var item = await remote.OpenItemAsync(createRoot: false, cancellationToken).ConfigureAwait(false);
        var info = await item.Store.TryStatAsync(item.Path, cancellationToken).ConfigureAwait(false)
            ?? throw new StorageException(StorageErrorCode.NotFound, $"'{remote}' was not found.", item.Store.Name, item.Path);
        if (!info.IsDirectory)
        {
            throw new UsageException($"'{remote}' is a file; purge removes directories. Use 'omni delete' for files.");
        }

        if (settings.DryRun)
        {
            console.Out.WriteLine($"Would purge: {remote}");
            return ExitCodes.Success;
        }

        await item.Store.PurgeAsync(item.Path, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
