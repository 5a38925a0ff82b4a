namespace Omnistorage.Backends.Multi;

/// <summary>
/// A fanned-out operation did not reach enough targets. <see cref="StorageException.Code"/> is the code of the first
/// failing target (in target order, rollback failures aside), the message lists every failed target with its error,
/// and <see cref="Failures"/> holds them for code to inspect. It is retryable only when every failure is.
/// </summary>
public sealed class MultiBackendException : StorageException
{
    public MultiBackendException(MultiWriteReport report, string summary)
        : base(PrimaryCode(report), BuildMessage(report, summary), MultiBackend.BackendName, report.Path,
            InnerFrom(report), isRetryable: report.Failures.Count > 0 && report.Failures.All(IsRetryableFailure))
    {
        Report = report;
    }

    /// <summary>The failure of each target, in target order.</summary>
    public IReadOnlyList<TargetFailure> Failures => Report.Failures;

    /// <summary>The whole outcome, including the targets that succeeded.</summary>
    public MultiWriteReport Report { get; }

    private static StorageErrorCode PrimaryCode(MultiWriteReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var first = report.Failures.FirstOrDefault(f => f.Operation != TargetOperation.Rollback) ?? report.Failures.FirstOrDefault();
        return first?.Code ?? StorageErrorCode.Unknown;
    }

    private static string BuildMessage(MultiWriteReport report, string summary) =>
        $"{summary} Failures: {string.Join("; ", report.Failures.Select(f => f.ToString()))}";

    private static Exception? InnerFrom(MultiWriteReport report) => report.Failures.Count switch
    {
        0 => null,
        1 => report.Failures[0].Error,
        _ => new AggregateException(report.Failures.Select(f => f.Error)),
    };

    private static bool IsRetryableFailure(TargetFailure failure) =>
        failure.Error is StorageException storage ? storage.IsRetryable : failure.Code is StorageErrorCode.Unavailable or StorageErrorCode.Timeout or StorageErrorCode.Throttled;
}
