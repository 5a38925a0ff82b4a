namespace Omnistorage.Sync;

/// <summary>What dedupe does with each group of identical objects (rclone's dedupe modes that apply to content).</summary>
public enum DedupeMode
{
    /// <summary>Report the groups; change nothing.</summary>
    List,
    /// <summary>Leave every group as it is (useful with -WhatIf-style reporting of what other modes would do).</summary>
    Skip,
    /// <summary>Keep the first object by path order, delete the others.</summary>
    First,
    /// <summary>Keep the most recently modified object (ties: the first by path), delete the others.</summary>
    Newest,
    /// <summary>Keep the least recently modified object (ties: the first by path), delete the others.</summary>
    Oldest,
}

/// <summary>Options for <see cref="Dedupe"/>.</summary>
public sealed record DedupeOptions
{
    /// <summary>What to do with each group.</summary>
    public DedupeMode Mode { get; init; } = DedupeMode.List;

    /// <summary>The directory to search, recursively ("" = the whole store).</summary>
    public string Directory { get; init; } = string.Empty;

    /// <summary>
    /// The hash that decides equality. Null picks the store's first native hash (free to read from listings), or
    /// SHA-256 computed by reading the objects when it has none.
    /// </summary>
    public HashType? Hash { get; init; }

    /// <summary>Which objects take part; excluded directories are not listed.</summary>
    public FilterSet Filters { get; init; } = FilterSet.Empty;

    /// <summary>Plan only: the actions are returned and nothing is deleted.</summary>
    public bool DryRun { get; init; }

    /// <summary>Include empty objects (all of them are identical). Off by default, as deleting placeholders is rarely wanted.</summary>
    public bool IncludeEmpty { get; init; }
}

/// <summary>Objects with the same size and hash.</summary>
public sealed record DuplicateGroup(HashType HashType, string Hash, long Size, IReadOnlyList<ObjectInfo> Objects)
{
    /// <summary>The bytes that deleting all but one copy would free.</summary>
    public long ReclaimableBytes => Size * (Objects.Count - 1);

    /// <summary>The object <paramref name="mode"/> keeps, or null for the modes that keep everything.</summary>
    public ObjectInfo? Keeper(DedupeMode mode) => mode switch
    {
        DedupeMode.First => Objects[0],
        DedupeMode.Newest => Objects.OrderByDescending(o => o.LastModified ?? DateTimeOffset.MinValue).First(),
        DedupeMode.Oldest => Objects.OrderBy(o => o.LastModified ?? DateTimeOffset.MaxValue).First(),
        _ => null,
    };
}

/// <summary>One decision of a dedupe run.</summary>
public sealed record DedupeAction(string Path, bool Delete, string Reason);

/// <summary>The outcome of <see cref="Dedupe.RunAsync"/>.</summary>
public sealed record DedupeResult
{
    public required IReadOnlyList<DuplicateGroup> Groups { get; init; }
    public required IReadOnlyList<DedupeAction> Actions { get; init; }
    /// <summary>Objects deleted (0 in a dry run).</summary>
    public int Deleted { get; init; }
    /// <summary>Bytes freed (0 in a dry run).</summary>
    public long BytesFreed { get; init; }
    /// <summary>Per-object failures; a failure never stops the other groups.</summary>
    public IReadOnlyList<StorageException> Errors { get; init; } = [];
}

/// <summary>
/// Finds objects with identical content (rclone <c>dedupe --by-hash</c>) and optionally deletes all but one of each
/// group. Memory stays proportional to the objects that share a size with another one: a first walk counts sizes, a
/// second walk hashes only objects whose size occurs more than once. Same-name duplicates (rclone's default mode)
/// need a backend that can hold two objects under one name and address them by id; no backend here can, so they are
/// not handled.
/// </summary>
public static class Dedupe
{
    /// <summary>Streams each group of identical objects, ordered by the path of their first object.</summary>
    public static async IAsyncEnumerable<DuplicateGroup> FindAsync(ObjectStore store, DedupeOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new DedupeOptions();
        var root = StoragePath.Normalize(options.Directory);
        var hashType = options.Hash ?? FirstNativeHash(store.Features.NativeHashes) ?? HashType.Sha256;

        var sizes = new Dictionary<long, int>();
        await foreach (var item in WalkAsync(store, root, options, cancellationToken).ConfigureAwait(false))
        {
            sizes[item.Size] = sizes.TryGetValue(item.Size, out var count) ? count + 1 : 1;
        }

        var candidates = new Dictionary<(long Size, string Hash), List<ObjectInfo>>();
        await foreach (var item in WalkAsync(store, root, options, cancellationToken).ConfigureAwait(false))
        {
            if (!sizes.TryGetValue(item.Size, out var count) || count < 2) continue;
            var hash = item.GetHash(hashType) ?? await store.GetHashAsync(item.Path, hashType, cancellationToken).ConfigureAwait(false);
            var key = (item.Size, hash);
            if (!candidates.TryGetValue(key, out var list)) candidates[key] = list = [];
            list.Add(item);
        }

        var groups = candidates
            .Where(pair => pair.Value.Count > 1)
            .Select(pair => new DuplicateGroup(hashType, pair.Key.Hash, pair.Key.Size,
                pair.Value.OrderBy(o => o.Path, StoragePath.Comparer).ToList()))
            .OrderBy(group => group.Objects[0].Path, StoragePath.Comparer);
        foreach (var group in groups) yield return group;
    }

    /// <summary>Finds the groups and applies <see cref="DedupeOptions.Mode"/> to each.</summary>
    public static async Task<DedupeResult> RunAsync(ObjectStore store, DedupeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DedupeOptions();
        var groups = new List<DuplicateGroup>();
        var actions = new List<DedupeAction>();
        var errors = new List<StorageException>();
        var deleted = 0;
        long freed = 0;
        await foreach (var group in FindAsync(store, options, cancellationToken).ConfigureAwait(false))
        {
            groups.Add(group);
            var keep = group.Keeper(options.Mode);
            if (keep is null) continue;
            actions.Add(new DedupeAction(keep.Path, Delete: false, $"kept ({Describe(options.Mode)})"));
            foreach (var duplicate in group.Objects.Where(o => !ReferenceEquals(o, keep)))
            {
                actions.Add(new DedupeAction(duplicate.Path, Delete: true, $"same {group.HashType} as {keep.Path}"));
                if (options.DryRun) continue;
                try
                {
                    await store.DeleteAsync(duplicate.Path, cancellationToken).ConfigureAwait(false);
                    deleted++;
                    freed += group.Size;
                }
                catch (StorageException ex)
                {
                    errors.Add(ex);
                }
            }
        }

        return new DedupeResult { Groups = groups, Actions = actions, Deleted = deleted, BytesFreed = freed, Errors = errors };
    }

    /// <summary>How <paramref name="mode"/> chose the kept object, for reasons and prompts.</summary>
    public static string Describe(DedupeMode mode) => mode switch
    {
        DedupeMode.First => "first by path",
        DedupeMode.Newest => "newest",
        DedupeMode.Oldest => "oldest",
        _ => mode.ToString(),
    };

    private static HashType? FirstNativeHash(HashTypes native)
    {
        foreach (var type in (HashType[])[HashType.Md5, HashType.Sha1, HashType.Sha256, HashType.Crc32C])
        {
            if (native.HasFlag(type.ToFlag())) return type;
        }

        return null;
    }

    /// <summary>Every included object beneath <paramref name="root"/>, directory by directory, pruning excluded directories.</summary>
    private static async IAsyncEnumerable<ObjectInfo> WalkAsync(ObjectStore store, string root, DedupeOptions options,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            await foreach (var item in store.ListAsync(directory, cancellationToken).ConfigureAwait(false))
            {
                var relative = StoragePath.GetRelative(root, item.Path);
                if (item.IsDirectory)
                {
                    if (options.Filters.IncludesDirectory(relative)) pending.Push(item.Path);
                }
                else if ((item.Size > 0 || (item.Size == 0 && options.IncludeEmpty)) &&
                         options.Filters.IncludesObject(relative, item.Size, item.LastModified, now))
                {
                    yield return item;
                }
            }
        }
    }
}
