namespace Omnistorage.Backends.File;

/// <summary>Settings for <see cref="FileBackend"/>. The registry fills them from the <c>root</c> and <c>create-root</c> options.</summary>
public sealed record FileBackendOptions
{
    /// <summary>
    /// The directory that becomes the backend's root: absolute, relative to the current directory, or starting with
    /// <c>~</c> for the user's home directory. Nothing outside it can be reached through the backend.
    /// </summary>
    public required string Root { get; init; }

    /// <summary>Create the root directory (and its parents) when it does not exist. When false, a missing root is <see cref="StorageErrorCode.NotFound"/>.</summary>
    public bool CreateRoot { get; init; } = true;
}
