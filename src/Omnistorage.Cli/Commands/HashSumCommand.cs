namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni hashsum</c>.</summary>
/// <param name="Type">The hash to compute.</param>
/// <param name="Remote">A file, or a directory whose files are all hashed.</param>
internal sealed record HashSumSettings(HashType Type, string Remote);

/// <summary>
/// <c>omni hashsum TYPE REMOTE</c>: one <c>hash  path</c> line per file, the format of <c>md5sum</c> and friends, so the
/// output can be checked with <c>md5sum -c</c> from inside a local copy. Stored hashes are used where the backend has
/// them; otherwise the file is read.
/// </summary>
internal sealed class HashSumCommand(CliConsole console)
{
    public async Task<int> ExecuteAsync(HashSumSettings settings, CancellationToken cancellationToken)
    {
        await using var item = await Remote.Parse(settings.Remote).OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        var failures = 0;
        await foreach (var file in Listing.FilesAsync(item, cancellationToken).ConfigureAwait(false))
        {
            var shown = item.RelativePathOf(file);
            try
            {
                var hash = file.GetHash(settings.Type)
                    ?? await item.Store.GetHashAsync(file.Path, settings.Type, cancellationToken).ConfigureAwait(false);
                console.Out.WriteLine($"{hash}  {shown}");
            }
            catch (StorageException ex) when (ex.Code != StorageErrorCode.Canceled || !cancellationToken.IsCancellationRequested)
            {
                console.Error.WriteLine($"omni: {shown}: {ex.Message}");
                failures++;
            }
        }

        return failures > 0 ? ExitCodes.SomeItemsFailed : ExitCodes.Success;
    }
}
