namespace Omnistorage.Cli;

/// <summary>The process exit codes of <c>omni</c>; docs/cli.md documents them for scripts.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command line was wrong: unknown command or option, bad value, invalid remote or backend option.</summary>
    public const int UsageError = 1;

    /// <summary>The command ran to the end but some items (files copied, deleted or hashed) failed.</summary>
    public const int SomeItemsFailed = 2;

    public const int NotFound = 3;

    public const int PermissionDenied = 4;

    /// <summary>Any other failure that stopped the command.</summary>
    public const int Fatal = 5;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}

/// <summary>Turns an exception that ended a command into its message on standard error and an exit code.</summary>
internal static class CliErrors
{
    /// <summary>Writes <c>omni: message</c> to <paramref name="error"/> and returns the exit code for <paramref name="exception"/>.</summary>
    public static int Report(Exception exception, TextWriter error, CancellationToken cancellationToken)
    {
        var code = ExitCodeFor(exception, cancellationToken);
        // Cancellation is the user's own doing; one short line is enough, without the exception's wording.
        error.WriteLine(code == ExitCodes.Cancelled ? "omni: cancelled" : "omni: " + MessageFor(exception));
        return code;
    }

    public static int ExitCodeFor(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => ExitCodes.Cancelled,
        StorageException { Code: StorageErrorCode.Canceled } when cancellationToken.IsCancellationRequested => ExitCodes.Cancelled,
        StorageException storage => ExitCodeFor(storage.Code),
        UsageException => ExitCodes.UsageError,
        UnauthorizedAccessException => ExitCodes.PermissionDenied,
        _ => ExitCodes.Fatal,
    };

    public static int ExitCodeFor(StorageErrorCode code) => code switch
    {
        StorageErrorCode.NotFound => ExitCodes.NotFound,
        StorageErrorCode.PermissionDenied => ExitCodes.PermissionDenied,
        StorageErrorCode.InvalidArgument => ExitCodes.UsageError,
        _ => ExitCodes.Fatal,
    };

    /// <summary>
    /// The text shown to the user. Storage exceptions carry messages written for users that never contain secrets;
    /// other exceptions are unexpected, so their type is shown to make a bug report useful.
    /// </summary>
    public static string MessageFor(Exception exception) => exception switch
    {
        StorageException or UsageException => exception.Message,
        _ => $"{exception.Message} ({exception.GetType().Name})",
    };
}

/// <summary>A mistake in how a command was invoked that the parser cannot see (exit code 1).</summary>
internal sealed class UsageException(string message) : Exception(message);
