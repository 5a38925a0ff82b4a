using System.Net.Sockets;

namespace Omnistorage;

/// <summary>Maps native exceptions onto <see cref="StorageException"/>; used once, in the portable layer.</summary>
public static class StorageErrors
{
    /// <summary>
    /// Returns a <see cref="StorageException"/> for <paramref name="exception"/>: the same instance (with backend and
    /// path filled in) when it already is one, otherwise a new one with the native exception as its inner exception.
    /// </summary>
    public static StorageException Wrap(Exception exception, string backend, string? path, string operation)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is StorageException storage)
        {
            storage.Backend ??= backend;
            storage.Path ??= path;
            return storage;
        }

        // A cancellation nobody asked for (an HttpClient timeout surfaces as TaskCanceledException) is a timeout, and
        // retryable; a requested cancellation never reaches here (ObjectStore lets it pass through unwrapped).
        var code = exception is OperationCanceledException ? StorageErrorCode.Timeout : Classify(exception);
        var where = path is null ? string.Empty : $" '{path}'";
        return new StorageException(code, $"The {backend} backend failed to {operation}{where}: {exception.Message}", backend, path, exception);
    }

    /// <summary>The error code that best describes a native exception.</summary>
    public static StorageErrorCode Classify(Exception exception) => exception switch
    {
        StorageException storage => storage.Code,
        OperationCanceledException => StorageErrorCode.Canceled,
        FileNotFoundException or DirectoryNotFoundException => StorageErrorCode.NotFound,
        UnauthorizedAccessException => StorageErrorCode.PermissionDenied,
        PathTooLongException => StorageErrorCode.InvalidArgument,
        TimeoutException => StorageErrorCode.Timeout,
        HttpRequestException or SocketException => StorageErrorCode.Unavailable,
        NotSupportedException or PlatformNotSupportedException => StorageErrorCode.Unsupported,
        ArgumentException => StorageErrorCode.InvalidArgument,
        IOException io when IsDiskFull(io) => StorageErrorCode.QuotaExceeded,
        _ => StorageErrorCode.Unknown,
    };

    // Windows reports Win32 codes (ERROR_DISK_FULL 0x70, ERROR_HANDLE_DISK_FULL 0x27); Unix reports errno (ENOSPC 28,
    // EDQUOT 122). The sets must not be mixed: 0x27 is ENOTEMPTY on Linux.
    private static bool IsDiskFull(IOException exception) =>
        OperatingSystem.IsWindows()
            ? (exception.HResult & 0xFFFF) is 0x70 or 0x27
            : exception.HResult is 28 or 122;
}

/// <summary>How the portable layer retries single requests that fail with a retryable <see cref="StorageException"/>.</summary>
public sealed record RetryPolicy
{
    /// <summary>No retries: each request is tried once.</summary>
    public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Up to 4 attempts, starting at 200 ms and doubling, with full jitter, capped at 10 s.</summary>
    public static RetryPolicy Default { get; } = new();

    public int MaxAttempts { get; init; } = 4;
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);
    public double Multiplier { get; init; } = 2;

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1: the server's Retry-After when given, else exponential backoff with full jitter.</summary>
    public TimeSpan GetDelay(int attempt, StorageException error)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            return retryAfter < MaxDelay ? retryAfter : MaxDelay;
        }

        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}

/// <summary>One completed (or failed) backend call, as seen by an <see cref="IStorageObserver"/>.</summary>
public sealed record StorageOperation(string Backend, string Operation, string? Path, TimeSpan Duration, int Attempt, Exception? Error);

/// <summary>Receives every backend call the portable layer makes: the hook for metrics, tracing and logging.</summary>
public interface IStorageObserver
{
    void OnOperation(StorageOperation operation);
}

/// <summary>Portable-layer settings for one <see cref="ObjectStore"/>.</summary>
public sealed record ObjectStoreOptions
{
    public static ObjectStoreOptions Default { get; } = new();

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public IReadOnlyList<IStorageObserver> Observers { get; init; } = [];

    /// <summary>Dispose the backend when the store is disposed (true unless the backend is shared).</summary>
    public bool OwnsBackend { get; init; } = true;
}
