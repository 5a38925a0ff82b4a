using System.Globalization;

namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni ls</c>.</summary>
/// <param name="Remote">The file or directory to list.</param>
/// <param name="Json">Print an rclone lsjson-style array instead of text lines.</param>
internal sealed record ListSettings(string Remote, bool Json = false);

/// <summary>
/// <c>omni ls REMOTE</c>: every file beneath the remote, recursively, as <c>size path</c> lines like <c>rclone ls</c>
/// (directories are not shown). Entries appear in the order the backend lists them, as they arrive.
/// </summary>
internal sealed class ListCommand(CliConsole console)
{
    public async Task<int> ExecuteAsync(ListSettings settings, CancellationToken cancellationToken)
    {
        await using var item = await Remote.Parse(settings.Remote).OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        var json = settings.Json ? new JsonOutput(console.Out) : null;
        json?.BeginArray();
        await foreach (var file in Listing.FilesAsync(item, cancellationToken).ConfigureAwait(false))
        {
            var path = item.RelativePathOf(file);
            if (json is not null)
            {
                json.WriteElement(writer => JsonOutput.WriteItem(writer, path, file, null));
            }
            else
            {
                console.Out.WriteLine(file.Size.ToString(CultureInfo.InvariantCulture).PadLeft(9) + " " + path);
            }
        }

        json?.EndArray();
        return ExitCodes.Success;
    }
}
