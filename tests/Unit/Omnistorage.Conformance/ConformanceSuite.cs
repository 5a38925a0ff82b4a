namespace Omnistorage.Conformance;

/// <summary>
/// The backend conformance suite: the executable form of the storage contract (rclone's fstests, go-cloud's drivertest).
/// A backend joins by subclassing this once in its test project and implementing <see cref="CreateStoreAsync"/>.
/// Cases are split into partial files by area and skip by capability (<see cref="BackendFeatures"/>); a backend may
/// skip a case only through <see cref="SkipReason"/>, with a written reason.
/// </summary>
public abstract partial class ConformanceSuite : IAsyncLifetime
{
    private ObjectStore? _store;

    /// <summary>The fresh, empty store under test (a random prefix or directory of the real backend).</summary>
    protected ObjectStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>
    /// Creates a fresh, empty store for one test: a new random prefix, directory or container on the real backend.
    /// The harness removes it again in <see cref="CleanupAsync"/>.
    /// </summary>
    protected abstract ValueTask<ObjectStore> CreateStoreAsync();

    /// <summary>Removes everything <see cref="CreateStoreAsync"/> created. Called after every test.</summary>
    protected virtual ValueTask CleanupAsync(ObjectStore store) => ValueTask.CompletedTask;

    /// <summary>Returns a reason to skip the named case for this backend only, or null to run it.</summary>
    protected virtual string? SkipReason(string caseName) => null;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await CleanupAsync(_store);
            await _store.DisposeAsync();
        }
    }
}
