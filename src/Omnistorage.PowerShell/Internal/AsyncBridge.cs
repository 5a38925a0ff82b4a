using System.Management.Automation;

namespace Omnistorage.PowerShell.Internal;

/// <summary>
/// Runs Core's asynchronous calls from PowerShell's synchronous pipeline thread. The pipeline thread waits in short
/// slices so that it can notice Ctrl+C (the provider's <c>Stopping</c>, the cmdlet's <c>StopProcessing</c>) and cancel
/// the call promptly, and so that it can write progress: PowerShell only accepts WriteProgress, WriteObject and
/// WriteError on the pipeline thread, never from the thread pool where the work runs.
/// </summary>
internal sealed class AsyncBridge : IDisposable
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Func<bool> _isStopping;

    /// <param name="isStopping">Polled while waiting; true cancels the call and stops the pipeline.</param>
    public AsyncBridge(Func<bool> isStopping)
    {
        _isStopping = isStopping;
    }

    /// <summary>Cancelled when the pipeline stops.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Called on the pipeline thread between waiting slices (progress reporting).</summary>
    public Action? OnTick { get; set; }

    /// <summary>Cancels everything started through this bridge (from <c>StopProcessing</c>, on any thread).</summary>
    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command already finished.
        }
    }

    public T Run<T>(Func<CancellationToken, ValueTask<T>> operation)
    {
        ThrowIfStopping();
        var pending = operation(_cancellation.Token);
        return pending.IsCompletedSuccessfully ? pending.Result : Wait(pending.AsTask());
    }

    public void Run(Func<CancellationToken, ValueTask> operation)
    {
        ThrowIfStopping();
        var pending = operation(_cancellation.Token);
        if (pending.IsCompletedSuccessfully) return;
        Wait(WithResult(pending));
    }

    /// <summary>
    /// Streams an asynchronous sequence on the pipeline thread, one item at a time, so that the caller can write each
    /// item as it arrives: nothing is collected, and the first item shows before the listing ends.
    /// </summary>
    public IEnumerable<T> Enumerate<T>(Func<CancellationToken, IAsyncEnumerable<T>> sequence)
    {
        ThrowIfStopping();
        var enumerator = sequence(_cancellation.Token).GetAsyncEnumerator(_cancellation.Token);
        try
        {
            while (true)
            {
                var next = enumerator.MoveNextAsync();
                var hasItem = next.IsCompletedSuccessfully ? next.Result : Wait(next.AsTask());
                if (!hasItem) yield break;
                yield return enumerator.Current;
                if (_isStopping()) ThrowStopped();
            }
        }
        finally
        {
            var disposal = enumerator.DisposeAsync();
            if (!disposal.IsCompletedSuccessfully)
            {
                try
                {
                    disposal.AsTask().GetAwaiter().GetResult();
                }
                catch (Exception) when (_cancellation.IsCancellationRequested)
                {
                    // Stopping: a failure while releasing a cancelled listing is not worth reporting.
                }
            }
        }
    }

    public void Dispose() => _cancellation.Dispose();

    private T Wait<T>(Task<T> task)
    {
        // WaitOne rather than Task.Wait: Task.Wait throws an AggregateException when the task fails, and the caller
        // must see the original StorageException (its code decides the error id) from GetResult below.
        while (!task.IsCompleted && !((IAsyncResult)task).AsyncWaitHandle.WaitOne(Slice))
        {
            OnTick?.Invoke();
            if (_isStopping())
            {
                Cancel();
                try
                {
                    task.Wait(TimeSpan.FromSeconds(5));
                }
                catch (AggregateException)
                {
                    // The cancellation itself surfaces here; the pipeline is stopping regardless.
                }

                ThrowStopped();
            }
        }

        OnTick?.Invoke();
        return task.GetAwaiter().GetResult();
    }

    private static async Task<bool> WithResult(ValueTask pending)
    {
        await pending.ConfigureAwait(false);
        return true;
    }

    private void ThrowIfStopping()
    {
        if (_isStopping()) ThrowStopped();
    }

    private void ThrowStopped()
    {
        Cancel();
        throw new PipelineStoppedException();
    }
}
