namespace Omnistorage.Backends.Memory;

/// <summary>
/// Presents a lazily evaluated synchronous sequence as an <see cref="IAsyncEnumerable{T}"/>. Memory listings never
/// wait for anything, so an async iterator would only add a state machine and a compiler warning about a missing await.
/// The source runs on the first <c>MoveNextAsync</c>, so a missing directory fails when the listing is enumerated,
/// as it does for remote backends.
/// </summary>
internal sealed class SynchronousAsyncEnumerable<T>(Func<IEnumerable<T>> source, CancellationToken listingToken) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(source, listingToken, cancellationToken);

    private sealed class Enumerator(Func<IEnumerable<T>> source, CancellationToken listingToken, CancellationToken enumerationToken)
        : IAsyncEnumerator<T>
    {
        private IEnumerator<T>? _inner;

        public T Current => _inner is null ? throw new InvalidOperationException("MoveNextAsync has not been called.") : _inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            // Both the token given to the listing call and the one given to the enumeration (WithCancellation) stop it,
            // checked before every item.
            listingToken.ThrowIfCancellationRequested();
            enumerationToken.ThrowIfCancellationRequested();
            _inner ??= source().GetEnumerator();
            return ValueTask.FromResult(_inner.MoveNext());
        }

        public ValueTask DisposeAsync()
        {
            _inner?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
