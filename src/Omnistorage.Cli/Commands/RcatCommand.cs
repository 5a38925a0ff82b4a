namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni rcat</c>.</summary>
/// <param name="Remote">The object to write.</param>
/// <param name="Size">The number of bytes expected on standard input, or -1 when unknown; a different count fails without committing.</param>
internal sealed record RcatSettings(string Remote, long Size = -1);

/// <summary>
/// <c>omni rcat REMOTE/PATH</c>: copies standard input into an object. The object is committed only when input ends
/// cleanly; an interrupted or failed read leaves nothing behind (and an older object with that name untouched).
/// </summary>
internal sealed class RcatCommand(CliConsole console)
{
    private const int BufferSize = 1024 * 1024;

    public async Task<int> ExecuteAsync(RcatSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Size < -1) throw new UsageException("--size must be -1 (unknown) or more.");
        var remote = Remote.Parse(settings.Remote);
        await using var item = await remote.OpenItemAsync(createRoot: true, cancellationToken).ConfigureAwait(false);
        if (item.Path.Length == 0) throw new UsageException($"'{remote}' is the root of its backend; rcat needs the path of an object.");
        var input = console.OpenInput();
        // A plain array rather than a pooled one: after Ctrl+C an abandoned read may still write into it.
        var buffer = new byte[BufferSize];
        await using var writer = await item.Store.OpenWriteAsync(item.Path, new WriteOptions { Size = settings.Size }, cancellationToken)
            .ConfigureAwait(false);
        while (true)
        {
            // A read from a terminal or pipe may block without looking at the token; WaitAsync lets Ctrl+C abandon it,
            // and disposing the uncommitted writer then discards the partial object.
            var read = await input.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
