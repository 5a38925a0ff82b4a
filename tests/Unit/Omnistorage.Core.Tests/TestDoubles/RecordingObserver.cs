namespace Omnistorage.Core.Tests.TestDoubles;

/// <summary>Collects every <see cref="StorageOperation"/> an <see cref="ObjectStore"/> reports.</summary>
internal sealed class RecordingObserver : IStorageObserver
{
    private readonly List<StorageOperation> _operations = [];

    public IReadOnlyList<StorageOperation> Operations
    {
        get
        {
            lock (_operations)
            {
                return _operations.ToList();
            }
        }
    }

    public void OnOperation(StorageOperation operation)
    {
        lock (_operations)
        {
            _operations.Add(operation);
        }
    }
}
