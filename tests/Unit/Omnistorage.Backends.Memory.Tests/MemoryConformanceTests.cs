using Omnistorage.Backends.Memory;
using Omnistorage.Conformance;

namespace Omnistorage.Backends.Memory.Tests;

/// <summary>Runs the backend conformance suite against the memory backend, each case in a new private store.</summary>
public sealed class MemoryConformanceTests : ConformanceSuite
{
    /// <summary>The memory backend holds every object in the managed heap, so the large-object case cannot expect a flat heap.</summary>
    protected override bool StoresDataInProcess => true;

    protected override ValueTask<ObjectStore> CreateStoreAsync() => ValueTask.FromResult(MemoryBackend.Create());
}
