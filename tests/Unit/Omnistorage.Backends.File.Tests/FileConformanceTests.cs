using Omnistorage.Conformance;

namespace Omnistorage.Backends.File.Tests;

/// <summary>Runs the backend conformance suite against the file backend, each case in a fresh temporary directory.</summary>
public sealed class FileConformanceTests : ConformanceSuite
{
    private string? _root;

    protected override ValueTask<ObjectStore> CreateStoreAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), $"omni-file-conformance-{Guid.NewGuid():N}");
        return ValueTask.FromResult(new ObjectStore(new FileBackend(_root)));
    }

    protected override ValueTask CleanupAsync(ObjectStore store)
    {
        if (_root is not null) TemporaryDirectory.Delete(_root);
        return ValueTask.CompletedTask;
    }
}
