namespace Omnistorage.Backends.File;

/// <summary>
/// Presents a lazily evaluated synchronous sequence as an <see cref="IAsyncEnumerable{T}"/>. Directory enumeration has
/// no asynchronous form, so an async iterator would only add a state machine per item; this adapter completes every
/// <see cref="IAsyncEnumerator{T}.MoveNextAsync"/> synchronously and checks both cancellation tokens on each item.
/// </summary>
internal sealed class SynchronousAsyncEnumerable<T>(Func<IEnumerable<T>> source, CancellationToken listToken) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(source().GetEnumerator(), listToken, cancellationToken);

    private sealed class Enumerator(IEnumerator<T> inner, CancellationToken listToken, CancellationToken enumeratorToken) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            listToken.ThrowIfCancellationRequested();
            enumeratorToken.ThrowIfCancellationRequested();
            return new ValueTask<bool>(inner.MoveNext());
        }

        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
