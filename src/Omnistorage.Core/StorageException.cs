namespace Omnistorage;

/// <summary>
/// The closed set of error kinds every backend maps its native failures onto. Callers act on the code, never on the message.
/// </summary>
public enum StorageErrorCode
{
    /// <summary>A failure that matches no other code. Treat as fatal.</summary>
    Unknown = 0,
    /// <summary>The object or directory does not exist.</summary>
    NotFound,
    /// <summary>The object or directory already exists and the operation does not overwrite.</summary>
    AlreadyExists,
    /// <summary>The credentials were refused or lack the permission for this operation.</summary>
    PermissionDenied,
    /// <summary>The caller passed a path, option or argument the backend cannot accept.</summary>
    InvalidArgument,
    /// <summary>The backend cannot do this operation at all.</summary>
    Unsupported,
    /// <summary>The operation conflicts with the current state (directory not empty, precondition failed, concurrent change).</summary>
    Conflict,
    /// <summary>The service could not be reached or answered with a transient failure. Usually retryable.</summary>
    Unavailable,
    /// <summary>The operation was cancelled.</summary>
    Canceled,
    /// <summary>Data failed an integrity check (size or hash mismatch, truncated or corrupt frame).</summary>
    Integrity,
    /// <summary>The service is throttling requests. Retryable after a delay.</summary>
    Throttled,
    /// <summary>A quota or size limit was reached.</summary>
    QuotaExceeded,
    /// <summary>The operation did not finish in time. Usually retryable.</summary>
    Timeout,
}

/// <summary>
/// The one exception type the portable layer throws for storage failures. It names the backend and path, carries the
/// native exception as <see cref="Exception.InnerException"/>, and says whether a retry may help.
/// </summary>
public class StorageException : Exception
{
    public StorageException(StorageErrorCode code, string message, string? backend = null, string? path = null,
        Exception? innerException = null, bool? isRetryable = null, TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        Code = code;
        Backend = backend;
        Path = path;
        IsRetryable = isRetryable ?? code is StorageErrorCode.Unavailable or StorageErrorCode.Throttled or StorageErrorCode.Timeout;
        RetryAfter = retryAfter;
    }

    /// <summary>The kind of failure.</summary>
    public StorageErrorCode Code { get; }

    /// <summary>The backend name (for example <c>file</c> or <c>s3</c>) that failed, when known.</summary>
    public string? Backend { get; internal set; }

    /// <summary>The backend-relative path the operation was about, when there is one.</summary>
    public string? Path { get; internal set; }

    /// <summary>True when repeating the same request may succeed.</summary>
    public bool IsRetryable { get; }

    /// <summary>How long the server asked the client to wait before retrying, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    public static StorageException NotFound(string path, string? backend = null, Exception? inner = null) =>
        new(StorageErrorCode.NotFound, $"'{path}' was not found.", backend, path, inner);

    public static StorageException AlreadyExists(string path, string? backend = null, Exception? inner = null) =>
        new(StorageErrorCode.AlreadyExists, $"'{path}' already exists.", backend, path, inner);

    public static StorageException InvalidPath(string path, string reason) =>
        new(StorageErrorCode.InvalidArgument, $"Invalid path '{path}': {reason}", path: path);

    public static StorageException Unsupported(string backend, string operation, string? path = null) =>
        new(StorageErrorCode.Unsupported, $"The {backend} backend does not support {operation}.", backend, path);

    public override string ToString() =>
        $"{GetType().FullName} [{Code}] backend={Backend ?? "?"} path={Path ?? "-"}: {Message}" +
        (InnerException is null ? string.Empty : Environment.NewLine + " ---> " + InnerException);
}
