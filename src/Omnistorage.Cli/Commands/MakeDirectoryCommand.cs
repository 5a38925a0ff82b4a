namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni mkdir</c>.</summary>
/// <param name="Remote">The directory to create (with its parents).</param>
internal sealed record MakeDirectorySettings(string Remote);

/// <summary>
/// <c>omni mkdir REMOTE/PATH</c>: creates a directory and any missing parents; an existing one is fine. Backends whose
/// directories only exist through the objects in them may record nothing.
/// </summary>
internal sealed class MakeDirectoryCommand
{
    public async Task<int> ExecuteAsync(MakeDirectorySettings settings, CancellationToken cancellationToken)
    {
        await using var item = await Remote.Parse(settings.Remote).OpenItemAsync(createRoot: true, cancellationToken).ConfigureAwait(false);
        await item.Store.CreateDirectoryAsync(item.Path, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
