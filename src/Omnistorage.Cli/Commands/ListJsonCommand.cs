namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni lsjson</c>.</summary>
/// <param name="Remote">The file or directory to list.</param>
/// <param name="Recursive">List the whole tree rather than the directory's direct children.</param>
/// <param name="Hashes">Hashes to include for each file (computed by reading when the backend has none stored).</param>
/// <param name="FilesOnly">Leave directories out.</param>
/// <param name="DirectoriesOnly">Leave files out.</param>
internal sealed record ListJsonSettings(string Remote, bool Recursive = false, HashTypes Hashes = HashTypes.None,
    bool FilesOnly = false, bool DirectoriesOnly = false);

/// <summary>
/// <c>omni lsjson REMOTE</c>: a JSON array in rclone's lsjson format (Path, Name, Size, MimeType, ModTime, IsDir, and
/// Hashes when asked), streamed one entry per line.
/// </summary>
internal sealed class ListJsonCommand(CliConsole console)
{
    public async Task<int> ExecuteAsync(ListJsonSettings settings, CancellationToken cancellationToken)
    {
        await using var item = await Remote.Parse(settings.Remote).OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        var json = new JsonOutput(console.Out);
        var failures = 0;
        json.BeginArray();
        await foreach (var entry in Listing.EnumerateAsync(item, settings.Recursive, cancellationToken).ConfigureAwait(false))
        {
            if (entry.IsDirectory ? settings.FilesOnly : settings.DirectoriesOnly) continue;
            IReadOnlyDictionary<HashType, string>? hashes = null;
            if (settings.Hashes != HashTypes.None && !entry.IsDirectory)
            {
                try
                {
                    hashes = await item.Store.GetHashesAsync(entry.Path, settings.Hashes, cancellationToken).ConfigureAwait(false);
                }
                catch (StorageException ex) when (ex.Code != StorageErrorCode.Canceled || !cancellationToken.IsCancellationRequested)
                {
                    // The entry is still listed, without hashes, so one unreadable file does not hide the rest.
                    console.Error.WriteLine("omni: " + ex.Message);
                    failures++;
                }
            }

            var path = item.RelativePathOf(entry);
            json.WriteElement(writer => JsonOutput.WriteItem(writer, path, entry, hashes));
        }

        json.EndArray();
        return failures > 0 ? ExitCodes.SomeItemsFailed : ExitCodes.Success;
    }
}
