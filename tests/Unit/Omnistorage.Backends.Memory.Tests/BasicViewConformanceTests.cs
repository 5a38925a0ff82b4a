using Omnistorage.Backends.Memory;
using Omnistorage.Conformance;

namespace Omnistorage.Backends.Memory.Tests;

/// <summary>
/// Runs the conformance suite against a memory backend seen through <see cref="BasicBackendView"/>: a backend with no
/// optional capability at all. It proves that the suite's capability checks, its skips and ObjectStore's fallbacks
/// hold up for the plainest backend a contributor could write.
/// </summary>
public sealed class BasicViewConformanceTests : ConformanceSuite
{
    protected override bool StoresDataInProcess => true;

    protected override ValueTask<ObjectStore> CreateStoreAsync() =>
        ValueTask.FromResult(new ObjectStore(new BasicBackendView(new MemoryBackend())));
}
