using Omnistorage;
using Omnistorage.Core.Tests.TestDoubles;

// This test assembly declares one backend the same way a backend assembly does, so that the registry's discovery
// through the attribute can be tested on a real assembly.
[assembly: OmnistorageBackend(typeof(AttributeRegisteredProvider))]

namespace Omnistorage.Core.Tests.TestDoubles;

/// <summary>
/// A backend provider declared by this test assembly's <see cref="OmnistorageBackendAttribute"/>. It builds a new
/// descriptor on every access, as real providers do, so registering the assembly twice must still be accepted.
/// </summary>
public sealed class AttributeRegisteredProvider : IBackendProvider
{
    public const string BackendName = "core-tests-attribute";
    public const string Scheme = "coretestsattr";

    public BackendDescriptor Descriptor => new()
    {
        Name = BackendName,
        Schemes = [Scheme],
        Description = "A scripted backend declared by the Core unit tests.",
        Options = [new BackendOptionDescriptor("location", BackendOptionType.String, "Where the scripted backend pretends to live.")],
        Factory = static (_, _) => ValueTask.FromResult<IStorageBackend>(new ScriptedBackend()),
        UriParser = static uri => new Dictionary<string, string> { ["location"] = uri.Authority },
    };
}
