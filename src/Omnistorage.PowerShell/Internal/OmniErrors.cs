using System.Management.Automation;

namespace Omnistorage.PowerShell.Internal;

/// <summary>
/// The one mapping from Core's error codes to PowerShell error records. The error ids are part of the module's public
/// contract: scripts match them through <c>$_.FullyQualifiedErrorId</c>, so they never change.
/// </summary>
public static class OmniErrors
{
    public const string ItemNotFound = "OmniItemNotFound";
    public const string AlreadyExists = "OmniAlreadyExists";
    public const string AccessDenied = "OmniAccessDenied";
    public const string InvalidArgument = "OmniInvalidArgument";
    public const string Unsupported = "OmniUnsupported";
    public const string Conflict = "OmniConflict";
    public const string Unavailable = "OmniUnavailable";
    public const string Canceled = "OmniCanceled";
    public const string Integrity = "OmniIntegrity";
    public const string Throttled = "OmniThrottled";
    public const string QuotaExceeded = "OmniQuotaExceeded";
    public const string Timeout = "OmniTimeout";
    public const string Error = "OmniError";
    public const string NoDrive = "OmniNoDrive";

    /// <summary>An error record for <paramref name="exception"/> about <paramref name="target"/> (usually the path).</summary>
    public static ErrorRecord Record(Exception exception, object? target)
    {
        if (exception is StorageException storage)
        {
            var (id, category) = Classify(storage.Code);
            return new ErrorRecord(storage, id, category, target);
        }

        return exception switch
        {
            ArgumentException => new ErrorRecord(exception, InvalidArgument, ErrorCategory.InvalidArgument, target),
            NotSupportedException => new ErrorRecord(exception, Unsupported, ErrorCategory.NotImplemented, target),
            UnauthorizedAccessException => new ErrorRecord(exception, AccessDenied, ErrorCategory.PermissionDenied, target),
            OperationCanceledException => new ErrorRecord(exception, Canceled, ErrorCategory.OperationStopped, target),
            _ => new ErrorRecord(exception, Error, ErrorCategory.NotSpecified, target),
        };
    }

    /// <summary>The stable error id and category for a Core error code.</summary>
    public static (string Id, ErrorCategory Category) Classify(StorageErrorCode code) => code switch
    {
        StorageErrorCode.NotFound => (ItemNotFound, ErrorCategory.ObjectNotFound),
        StorageErrorCode.AlreadyExists => (AlreadyExists, ErrorCategory.ResourceExists),
        StorageErrorCode.PermissionDenied => (AccessDenied, ErrorCategory.PermissionDenied),
        StorageErrorCode.InvalidArgument => (InvalidArgument, ErrorCategory.InvalidArgument),
        StorageErrorCode.Unsupported => (Unsupported, ErrorCategory.NotImplemented),
        StorageErrorCode.Conflict => (Conflict, ErrorCategory.ResourceUnavailable),
        StorageErrorCode.Unavailable => (Unavailable, ErrorCategory.ConnectionError),
        StorageErrorCode.Canceled => (Canceled, ErrorCategory.OperationStopped),
        StorageErrorCode.Integrity => (Integrity, ErrorCategory.InvalidData),
        StorageErrorCode.Throttled => (Throttled, ErrorCategory.LimitsExceeded),
        StorageErrorCode.QuotaExceeded => (QuotaExceeded, ErrorCategory.LimitsExceeded),
        StorageErrorCode.Timeout => (Timeout, ErrorCategory.OperationTimeout),
        _ => (Error, ErrorCategory.NotSpecified),
    };

    /// <summary>True for failures that belong to one item (reported and the command goes on), false for bugs.</summary>
    public static bool IsItemFailure(Exception exception) =>
        exception is StorageException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or InvalidDataException;
}
