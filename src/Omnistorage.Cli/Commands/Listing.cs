using System.Runtime.CompilerServices;

namespace Omnistorage.Cli.Commands;

/// <summary>Enumerates what a remote names: the one file itself, or a directory's entries (optionally the whole tree).</summary>
internal static class Listing
{
    /// <summary>
    /// Streams the entries of <paramref name="item"/>: just the item when it is a file, otherwise its children (or, with
    /// <paramref name="recursive"/>, everything beneath it). Nothing is collected, so memory stays flat for any size.
    /// </summary>
    public static async IAsyncEnumerable<ObjectInfo> EnumerateAsync(RemoteItem item, bool recursive,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (item.Info is { IsDirectory: false } file)
        {
            yield return file;
            yield break;
        }

        var entries = recursive
            ? item.Store.ListRecursiveAsync(item.Path, cancellationToken)
            : item.Store.ListAsync(item.Path, cancellationToken);
        await foreach (var entry in entries.ConfigureAwait(false))
        {
            yield return entry;
        }
    }

    /// <summary>Like <see cref="EnumerateAsync"/> with <c>recursive</c> set, but only files.</summary>
    public static async IAsyncEnumerable<ObjectInfo> FilesAsync(RemoteItem item, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in EnumerateAsync(item, recursive: true, cancellationToken).ConfigureAwait(false))
        {
            if (!entry.IsDirectory) yield return entry;
        }
    }
}
