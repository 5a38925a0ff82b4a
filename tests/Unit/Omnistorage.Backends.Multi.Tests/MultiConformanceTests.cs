using Omnistorage.Backends.Memory;
using Omnistorage.Conformance;

namespace Omnistorage.Backends.Multi.Tests;

/// <summary>Runs the backend conformance suite against a multi backend writing to two private memory stores in all mode.</summary>
public sealed class MultiConformanceTests : ConformanceSuite
{
    // Both targets are memory stores, so the large object is held in this process twice by design.
    protected override bool StoresDataInProcess => true;

    protected override ValueTask<ObjectStore> CreateStoreAsync() =>
        ValueTask.FromResult(new ObjectStore(new MultiBackend([MemoryBackend.Create(), MemoryBackend.Create()])));
}
