using System.Threading.Channels;

namespace Omnistorage.Sync.Engine;

/// <summary>
/// Runs a <see cref="Marcher"/> with a pool of workers: the march itself (one listing at a time) feeds object entries
/// through a bounded channel to <c>workers</c> tasks, so memory stays bounded however fast the listing is. Directory,
/// type-mismatch and listing-error entries are handed to a separate callback on the marching task, in march order,
/// so that callers can keep per-directory state without locks.
/// </summary>
internal static class ParallelMarch
{
    /// <summary>How many entries may wait per worker; small enough to bound memory, large enough to keep workers busy.</summary>
    private const int QueuedEntriesPerWorker = 16;

    public static async Task RunAsync(Marcher marcher, int workers,
        Func<MarchEntry, CancellationToken, ValueTask> onStructuralEntry,
        Func<MarchEntry, CancellationToken, ValueTask> onObjectEntry,
        CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = linked.Token;
        var channel = Channel.CreateBounded<MarchEntry>(new BoundedChannelOptions(workers * QueuedEntriesPerWorker)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var tasks = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    await foreach (var entry in channel.Reader.ReadAllAsync(token).ConfigureAwait(false))
                    {
                        await onObjectEntry(entry, token).ConfigureAwait(false);
                    }
                }
                catch
                {
                    // A worker that dies must not leave the march blocked on a full channel.
                    linked.Cancel();
                    throw;
                }
            }, token);
        }

        try
        {
            await foreach (var entry in marcher.MarchAsync(token).ConfigureAwait(false))
            {
                if (entry.Error is not null || entry.IsDirectory || entry.IsTypeMismatch)
                {
                    await onStructuralEntry(entry, token).ConfigureAwait(false);
                }
                else
                {
                    await channel.Writer.WriteAsync(entry, token).ConfigureAwait(false);
                }
            }

            channel.Writer.Complete();
        }
        catch
        {
            channel.Writer.TryComplete();
            linked.Cancel();
            await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
