using System.Reflection;
using System.Reflection.Emit;
using Omnistorage.Core.Tests.TestDoubles;

namespace Omnistorage.Core.Tests;

// The registry is process-wide and other test classes run in parallel, so every test registers backends under fresh
// random names and schemes and never asserts on the complete list.
public sealed class BackendRegistryTests
{
    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static string UniqueScheme() => "t" + Guid.NewGuid().ToString("N")[..16];

    private static ValueTask<IStorageBackend> OpenScripted(BackendOptions options, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IStorageBackend>(new ScriptedBackend());

    private static ValueTask<IStorageBackend> OpenAnotherScripted(BackendOptions options, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IStorageBackend>(new PurgingBackend());

    private static BackendDescriptor NewDescriptor(string name, Func<BackendOptions, CancellationToken, ValueTask<IStorageBackend>>? factory = null,
        params string[] schemes) => new()
    {
        Name = name,
        Schemes = schemes,
        Description = "A scripted backend registered by a Core unit test.",
        Factory = factory ?? OpenScripted,
    };

    [Fact]
    public void A_registered_backend_is_found_by_name_ignoring_case_and_by_scheme()
    {
        var scheme = UniqueScheme();
        var descriptor = NewDescriptor(UniqueName("found"), null, scheme);

        BackendRegistry.Register(descriptor);

        Assert.Same(descriptor, BackendRegistry.Get(descriptor.Name));
        Assert.True(BackendRegistry.TryGet(descriptor.Name.ToUpperInvariant(), out var byName));
        Assert.Same(descriptor, byName);
        Assert.True(BackendRegistry.TryGetByScheme(scheme.ToUpperInvariant(), out var byScheme));
        Assert.Same(descriptor, byScheme);
        Assert.Contains(descriptor, BackendRegistry.All);
    }

    [Fact]
    public void All_is_ordered_by_name()
    {
        BackendRegistry.Register(NewDescriptor(UniqueName("zz-order")));
        BackendRegistry.Register(NewDescriptor(UniqueName("aa-order")));

        var names = BackendRegistry.All.Select(d => d.Name).ToList();

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void Registering_the_same_descriptor_twice_is_accepted()
    {
        var descriptor = NewDescriptor(UniqueName("twice"), null, UniqueScheme());

        BackendRegistry.Register(descriptor);
        BackendRegistry.Register(descriptor);

        Assert.Same(descriptor, BackendRegistry.Get(descriptor.Name));
    }

    [Fact]
    public void Registering_an_equivalent_descriptor_with_the_same_factory_is_accepted()
    {
        var name = UniqueName("equivalent");
        var scheme = UniqueScheme();
        var first = NewDescriptor(name, null, scheme);

        BackendRegistry.Register(first);
        BackendRegistry.Register(NewDescriptor(name, null, scheme));

        Assert.Equal(name, BackendRegistry.Get(name).Name);
    }

    [Fact]
    public void A_different_backend_under_an_existing_name_is_already_exists_and_keeps_the_first()
    {
        var name = UniqueName("taken");
        var first = NewDescriptor(name);
        BackendRegistry.Register(first);

        var error = Assert.Throws<StorageException>(() => BackendRegistry.Register(NewDescriptor(name, OpenAnotherScripted)));

        Assert.Equal(StorageErrorCode.AlreadyExists, error.Code);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Same(first, BackendRegistry.Get(name));
    }

    [Fact]
    public void A_different_backend_under_an_existing_name_in_other_case_is_already_exists()
    {
        var name = UniqueName("cased");
        BackendRegistry.Register(NewDescriptor(name));

        var error = Assert.Throws<StorageException>(() => BackendRegistry.Register(NewDescriptor(name.ToUpperInvariant(), OpenAnotherScripted)));

        Assert.Equal(StorageErrorCode.AlreadyExists, error.Code);
    }

    [Fact]
    public void Replace_swaps_the_registered_backend()
    {
        var name = UniqueName("replaced");
        BackendRegistry.Register(NewDescriptor(name));
        var replacement = NewDescriptor(name, OpenAnotherScripted);

        BackendRegistry.Register(replacement, replace: true);

        Assert.Same(replacement, BackendRegistry.Get(name));
    }

    [Fact]
    public void A_scheme_owned_by_another_backend_is_already_exists_and_registers_nothing()
    {
        var scheme = UniqueScheme();
        var owner = NewDescriptor(UniqueName("owner"), null, scheme);
        BackendRegistry.Register(owner);
        var intruder = NewDescriptor(UniqueName("intruder"), OpenAnotherScripted, UniqueScheme(), scheme);

        var error = Assert.Throws<StorageException>(() => BackendRegistry.Register(intruder));

        Assert.Equal(StorageErrorCode.AlreadyExists, error.Code);
        Assert.Contains(scheme, error.Message, StringComparison.Ordinal);
        Assert.Contains(owner.Name, error.Message, StringComparison.Ordinal);
        Assert.False(BackendRegistry.TryGet(intruder.Name, out _));
        Assert.False(BackendRegistry.TryGetByScheme(intruder.Schemes[0], out _));
        Assert.True(BackendRegistry.TryGetByScheme(scheme, out var stillOwner));
        Assert.Same(owner, stillOwner);
    }

    [Fact]
    public void Get_of_an_unknown_name_is_invalid_argument_listing_the_known_backends()
    {
        var known = NewDescriptor(UniqueName("known"));
        BackendRegistry.Register(known);
        var unknown = UniqueName("unknown");

        var error = Assert.Throws<StorageException>(() => BackendRegistry.Get(unknown));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"'{unknown}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(known.Name, error.Message, StringComparison.Ordinal);
        Assert.False(BackendRegistry.TryGet(unknown, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("dot.name")]
    [InlineData("colon:name")]
    [InlineData("ünicode")]
    public void Invalid_names_are_refused(string name)
    {
        var error = Assert.Throws<StorageException>(() => BackendRegistry.Register(NewDescriptor(name)));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.DoesNotContain(BackendRegistry.All, d => d.Name == name);
    }

    [Fact]
    public void Names_may_use_letters_digits_dashes_and_underscores()
    {
        var name = "Valid_name-" + Guid.NewGuid().ToString("N");

        BackendRegistry.Register(NewDescriptor(name));

        Assert.True(BackendRegistry.TryGet(name, out _));
    }

    [Fact]
    public void RegisterAssembly_registers_the_backends_an_assembly_declares()
    {
        var registered = BackendRegistry.RegisterAssembly(typeof(BackendRegistryTests).Assembly);

        var descriptor = Assert.Single(registered, d => d.Name == AttributeRegisteredProvider.BackendName);
        Assert.Equal([AttributeRegisteredProvider.Scheme], descriptor.Schemes);
        Assert.True(BackendRegistry.TryGet(AttributeRegisteredProvider.BackendName, out var found));
        Assert.Equal(AttributeRegisteredProvider.BackendName, found.Name);
        Assert.True(BackendRegistry.TryGetByScheme(AttributeRegisteredProvider.Scheme, out _));
    }

    [Fact]
    public void RegisterAssembly_can_be_repeated()
    {
        BackendRegistry.RegisterAssembly(typeof(BackendRegistryTests).Assembly);

        var again = BackendRegistry.RegisterAssembly(typeof(BackendRegistryTests).Assembly);

        Assert.Contains(again, d => d.Name == AttributeRegisteredProvider.BackendName);
    }

    [Fact]
    public void RegisterAssembly_of_an_assembly_without_the_attribute_registers_nothing()
    {
        Assert.Empty(BackendRegistry.RegisterAssembly(typeof(FactAttribute).Assembly));
    }

    [Fact]
    public void RegisterAssembly_refuses_a_provider_type_that_is_not_a_provider()
    {
        var constructor = typeof(OmnistorageBackendAttribute).GetConstructor([typeof(Type)])!;
        var assembly = AssemblyBuilder.DefineDynamicAssembly(
            new AssemblyName("Omnistorage.Core.Tests.Dynamic" + Guid.NewGuid().ToString("N")),
            AssemblyBuilderAccess.Run,
            [new CustomAttributeBuilder(constructor, [typeof(NotAProvider)])]);

        var error = Assert.Throws<StorageException>(() => BackendRegistry.RegisterAssembly(assembly));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains(nameof(NotAProvider), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(IBackendProvider), error.Message, StringComparison.Ordinal);
    }

    /// <summary>A type named by a backend attribute by mistake: it does not implement <see cref="IBackendProvider"/>.</summary>
    public sealed class NotAProvider;
}
