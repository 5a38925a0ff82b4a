namespace Omnistorage.Backends.File;

/// <summary>
/// Maps the exceptions of <see cref="System.IO"/> onto <see cref="StorageException"/> codes. The file backend does this
/// itself rather than leaving it to <see cref="StorageErrors.Classify"/> because an <see cref="IOException"/> carries
/// the raw <c>errno</c> on Unix and a Win32 HRESULT on Windows, and the numbers only mean something per platform.
/// </summary>
internal static class FileErrors
{
    internal const string BackendName = "file";

    /// <summary>Wraps <paramref name="exception"/> for <paramref name="path"/>; a <see cref="StorageException"/> passes through unchanged.</summary>
    public static StorageException Wrap(Exception exception, string path, string operation)
    {
        if (exception is StorageException storage) return storage;
        var (code, retryable) = Classify(exception);
        return new StorageException(code, $"The file backend failed to {operation} '{path}': {exception.Message}", BackendName, path, exception, retryable);
    }

    public static StorageException NotFound(string path) => StorageException.NotFound(path, BackendName);

    public static StorageException Create(StorageErrorCode code, string path, string message, Exception? inner = null) =>
        new(code, message, BackendName, path, inner);

    /// <summary>True when the exception says that a file or directory already exists at the target.</summary>
    public static bool IsAlreadyExists(IOException exception) => Classify(exception).Code == StorageErrorCode.AlreadyExists;

    private static (StorageErrorCode Code, bool? Retryable) Classify(Exception exception) => exception switch
    {
        FileNotFoundException or DirectoryNotFoundException => (StorageErrorCode.NotFound, null),
        UnauthorizedAccessException => (StorageErrorCode.PermissionDenied, null),
        PathTooLongException => (StorageErrorCode.InvalidArgument, null),
        IOException io => OperatingSystem.IsWindows() ? ClassifyWindows(io.HResult) : ClassifyUnix(io.HResult),
        ArgumentException or NotSupportedException => (StorageErrorCode.InvalidArgument, null),
        _ => (StorageErrorCode.Unknown, null),
    };

    // On Unix .NET puts the raw errno into HResult for the errors it has no dedicated exception type for. The numbers
    // below are Linux's; the BSD family (macOS, FreeBSD) numbers a few of them differently.
    private static (StorageErrorCode, bool?) ClassifyUnix(int errno)
    {
        var bsd = OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() || OperatingSystem.IsIOS();
        var notEmpty = bsd ? 66 : 39;
        var nameTooLong = bsd ? 63 : 36;
        var quota = bsd ? 69 : 122;
        var loop = bsd ? 62 : 40;
        return errno switch
        {
            1 or 13 or 30 => (StorageErrorCode.PermissionDenied, null), // EPERM, EACCES, EROFS
            2 => (StorageErrorCode.NotFound, null), // ENOENT
            17 => (StorageErrorCode.AlreadyExists, null), // EEXIST
            16 or 26 => (StorageErrorCode.Conflict, true), // EBUSY, ETXTBSY: another process holds the file.
            20 or 21 => (StorageErrorCode.Conflict, null), // ENOTDIR, EISDIR: a file where a directory is needed, or the reverse.
            22 => (StorageErrorCode.InvalidArgument, null), // EINVAL
            23 or 24 => (StorageErrorCode.Unavailable, true), // ENFILE, EMFILE: too many open files, transient.
            27 or 28 => (StorageErrorCode.QuotaExceeded, null), // EFBIG, ENOSPC
            18 => (StorageErrorCode.Unsupported, null), // EXDEV: a rename across file systems.
            _ when errno == notEmpty => (StorageErrorCode.Conflict, null),
            _ when errno == nameTooLong || errno == loop => (StorageErrorCode.InvalidArgument, null),
            _ when errno == quota => (StorageErrorCode.QuotaExceeded, null),
            _ => (StorageErrorCode.Unknown, null),
        };
    }

    private static (StorageErrorCode, bool?) ClassifyWindows(int hresult)
    {
        if ((hresult & 0xFFFF0000) != 0x80070000) return (StorageErrorCode.Unknown, null);
        return (hresult & 0xFFFF) switch
        {
            2 or 3 => (StorageErrorCode.NotFound, null), // ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND
            5 or 19 => (StorageErrorCode.PermissionDenied, null), // ERROR_ACCESS_DENIED, ERROR_WRITE_PROTECT
            17 => (StorageErrorCode.Unsupported, null), // ERROR_NOT_SAME_DEVICE
            32 or 33 or 1224 => (StorageErrorCode.Conflict, true), // sharing or lock violation, user-mapped section
            39 or 112 => (StorageErrorCode.QuotaExceeded, null), // ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
            80 or 183 => (StorageErrorCode.AlreadyExists, null), // ERROR_FILE_EXISTS, ERROR_ALREADY_EXISTS
            145 => (StorageErrorCode.Conflict, null), // ERROR_DIR_NOT_EMPTY
            123 or 161 or 206 => (StorageErrorCode.InvalidArgument, null), // invalid name, bad path, name too long
            _ => (StorageErrorCode.Unknown, null),
        };
    }
}
