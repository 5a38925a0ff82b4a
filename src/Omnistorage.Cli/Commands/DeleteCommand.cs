namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni delete</c>.</summary>
/// <param name="Remote">A file, or a directory whose files are deleted.</param>
/// <param name="RemoveEmptyDirectories">Also remove the directories beneath it that are left empty (the directory itself stays, as with rclone).</param>
/// <param name="DryRun">Print what would be deleted and change nothing.</param>
/// <param name="Verbose">Print one line per file deleted.</param>
internal sealed record DeleteSettings(string Remote, bool RemoveEmptyDirectories = false, bool DryRun = false, bool Verbose = false);

/// <summary>
/// <c>omni delete REMOTE/PATH</c>: deletes one file, or every file beneath a directory while keeping the directories
/// (like <c>rclone delete</c>; <c>--rmdirs</c> removes them too). A missing path is an error (exit code 3).
/// </summary>
internal sealed class DeleteCommand(CliConsole console)
{
    public async Task<int> ExecuteAsync(DeleteSettings settings, CancellationToken cancellationToken)
    {
        await using var target = await Remote.Parse(settings.Remote).OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        var failures = 0;
        var directories = new List<string>();
        await foreach (var entry in Listing.EnumerateAsync(target, recursive: true, cancellationToken).ConfigureAwait(false))
        {
            if (entry.IsDirectory)
            {
                // Only the names of directories are kept, for removal after their files are gone.
                if (settings.RemoveEmptyDirectories) directories.Add(entry.Path);
                continue;
            }

            var shown = target.RelativePathOf(entry);
            if (settings.DryRun)
            {
                console.Out.WriteLine("Would delete: " + shown);
                continue;
            }

            try
            {
                await target.Store.DeleteAsync(entry.Path, cancellationToken).ConfigureAwait(false);
                if (settings.Verbose) console.Out.WriteLine("Deleted: " + shown);
            }
            catch (StorageException ex) when (ex.Code != StorageErrorCode.Canceled || !cancellationToken.IsCancellationRequested)
            {
                console.Error.WriteLine($"omni: {shown}: {ex.Message}");
                failures++;
            }
        }

        if (settings.RemoveEmptyDirectories && target.IsDirectory)
        {
            failures += await RemoveEmptyDirectoriesAsync(target, directories, settings, cancellationToken).ConfigureAwait(false);
        }

        return failures > 0 ? ExitCodes.SomeItemsFailed : ExitCodes.Success;
    }

    private async Task<int> RemoveEmptyDirectoriesAsync(RemoteItem target, List<string> directories, DeleteSettings settings, CancellationToken cancellationToken)
    {
        var failures = 0;
        // Deepest first, so that each directory is empty by the time it is removed.
        directories.Sort((a, b) => b.Count(c => c == '/').CompareTo(a.Count(c => c == '/')));
        foreach (var directory in directories)
        {
            var shown = directory;
            if (settings.DryRun)
            {
                console.Out.WriteLine("Would remove directory: " + shown);
                continue;
            }

            try
            {
                await target.Store.RemoveDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
                if (settings.Verbose) console.Out.WriteLine("Removed directory: " + shown);
            }
            catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
            {
                // Backends that only emulate directories drop them with their last file.
            }
            catch (StorageException ex) when (ex.Code != StorageErrorCode.Canceled || !cancellationToken.IsCancellationRequested)
            {
                console.Error.WriteLine($"omni: {shown}: {ex.Message}");
                failures++;
            }
        }

        return failures;
    }
}
