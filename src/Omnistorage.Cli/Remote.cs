namespace Omnistorage.Cli;

/// <summary>
/// A remote as typed on the command line: a storage URI (<c>file:///data/sub</c>, <c>memory://store/prefix</c>) or a
/// plain local path (<c>/data/sub</c>, <c>samples/demo</c>, <c>~/x</c>). Either way it names a location, which commands
/// use as a store root (<c>ls</c> of a directory opens the backend at that directory) or as an item inside its parent
/// location (<c>cat</c>, <c>rcat</c>, <c>delete</c> open the parent and address the last segment).
/// </summary>
internal sealed class Remote
{
    private Remote(string text, string target, Remote? parent, string name)
    {
        Text = text;
        Target = target;
        Parent = parent;
        Name = name;
    }

    /// <summary>The remote as the user wrote it, used in messages.</summary>
    public string Text { get; }

    /// <summary>What <see cref="Omni.Open"/> receives to open this location as a store root: a URI or an absolute local path.</summary>
    public string Target { get; }

    /// <summary>The enclosing location, or null when this is the root of its backend (<c>/</c>, <c>memory://store</c>).</summary>
    public Remote? Parent { get; }

    /// <summary>The last segment (decoded), or <c>""</c> for a backend root.</summary>
    public string Name { get; }

    /// <summary>
    /// Parses a remote. Text of the form <c>scheme://…</c> is a URI; anything else is a local path, made absolute against
    /// the current directory so that a bare name such as <c>demo</c> means the local directory, never a backend name.
    /// </summary>
    public static Remote Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException("A remote cannot be empty.");
        return StorageUri.LooksLikeUri(text) ? ParseUri(text, text) : ParseLocal(text, text);
    }

    private static Remote ParseLocal(string text, string original)
    {
        var expanded = text == "~" || text.StartsWith("~/", StringComparison.Ordinal) || text.StartsWith(@"~\", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + text[1..]
            : text;
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(expanded));
        var parentPath = Path.GetDirectoryName(full);
        var parent = parentPath is null ? null : ParseLocal(parentPath, original);
        return new Remote(original, full, parent, parentPath is null ? string.Empty : Path.GetFileName(full));
    }

    private static Remote ParseUri(string text, string original)
    {
        // The URI is split by hand, keeping the user's own escaping of the parent, because rebuilding it from decoded
        // parts could change what a backend's URI parser sees.
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var rest = text[schemeEnd..];
        var fragment = rest.IndexOf('#');
        if (fragment >= 0) rest = rest[..fragment];
        var query = string.Empty;
        var questionMark = rest.IndexOf('?');
        if (questionMark >= 0)
        {
            query = rest[questionMark..];
            rest = rest[..questionMark];
        }

        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : rest[(slash + 1)..].TrimEnd('/');
        var prefix = text[..schemeEnd] + authority;
        var target = prefix + "/" + path + query;
        if (path.Length == 0) return new Remote(original, target, null, string.Empty);
        var lastSlash = path.LastIndexOf('/');
        var parentText = prefix + "/" + (lastSlash < 0 ? string.Empty : path[..lastSlash]) + query;
        var name = Uri.UnescapeDataString(lastSlash < 0 ? path : path[(lastSlash + 1)..]);
        return new Remote(original, target, ParseUri(parentText, original), name);
    }

    /// <summary>Opens this location as a store root. With <paramref name="createRoot"/> false a missing location is NotFound rather than created.</summary>
    public async Task<ObjectStore> OpenRootAsync(bool createRoot, CancellationToken cancellationToken)
    {
        var (descriptor, _) = Omni.Resolve(Target);
        // Backends whose root is a real place (the file backend's directory) create it on open unless told not to;
        // commands that only read must never leave a new directory behind, so they ask for create-root=false
        // wherever the backend declares that option.
        Dictionary<string, object?>? options = null;
        if (!createRoot && descriptor.FindOption("create-root") is not null)
        {
            options = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["create-root"] = false };
        }

        try
        {
            return await Omni.Open(Target, options, null, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
        {
            throw NotFound(ex);
        }
    }

    /// <summary>
    /// Opens the store that holds this location as an item: the parent location with the item's name as the path, or
    /// the location itself with path <c>""</c> when it is a backend root. Nothing is checked about the item.
    /// </summary>
    public async Task<RemoteItem> OpenItemAsync(bool createRoot, CancellationToken cancellationToken)
    {
        // The parent shares this remote's text, so a missing parent is reported under the name the user typed.
        var store = await (Parent ?? this).OpenRootAsync(createRoot, cancellationToken).ConfigureAwait(false);
        return new RemoteItem(store, Parent is null ? string.Empty : Name, null);
    }

    /// <summary>
    /// Opens this location for reading as a file or a tree, never creating anything: a file is addressed inside its
    /// parent location; a directory is opened as its own store root. Missing is NotFound.
    /// </summary>
    public async Task<RemoteItem> OpenExistingAsync(CancellationToken cancellationToken)
    {
        var item = await OpenItemAsync(createRoot: false, cancellationToken).ConfigureAwait(false);
        ObjectInfo info;
        try
        {
            info = await item.Store.StatAsync(item.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
        {
            await item.DisposeAsync().ConfigureAwait(false);
            throw NotFound(ex);
        }
        catch
        {
            await item.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (!info.IsDirectory || item.Path.Length == 0) return item with { Info = info };
        await item.DisposeAsync().ConfigureAwait(false);
        var store = await OpenRootAsync(createRoot: false, cancellationToken).ConfigureAwait(false);
        return new RemoteItem(store, string.Empty, info);
    }

    public override string ToString() => Text;

    private StorageException NotFound(StorageException cause) =>
        new(StorageErrorCode.NotFound, $"'{Text}' was not found.", cause.Backend, cause.Path, cause);
}

/// <summary>An open store and the path within it that a remote names; disposing it closes the store.</summary>
/// <param name="Store">The opened store.</param>
/// <param name="Path">The store-relative path of the item (<c>""</c> for the store's root).</param>
/// <param name="Info">What the item is, when it was looked up.</param>
internal sealed record RemoteItem(ObjectStore Store, string Path, ObjectInfo? Info) : IAsyncDisposable
{
    /// <summary>True when the item is a directory (checked items only).</summary>
    public bool IsDirectory => Info?.IsDirectory == true;

    /// <summary>The path of <paramref name="item"/> relative to this item; a single file is shown by its name.</summary>
    public string RelativePathOf(ObjectInfo item) =>
        Info is { IsDirectory: false } ? item.Name : StoragePath.GetRelative(Path, item.Path);

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
