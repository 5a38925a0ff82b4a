using Omnistorage.Core.Tests.TestDoubles;

namespace Omnistorage.Core.Tests;

public sealed class OmniTests
{
    private static (BackendDescriptor Descriptor, string Scheme) RegisterUriBackend(
        Func<BackendOptions, CancellationToken, ValueTask<IStorageBackend>>? factory = null)
    {
        var scheme = "t" + Guid.NewGuid().ToString("N")[..16];
        var descriptor = new BackendDescriptor
        {
            Name = "omni-" + Guid.NewGuid().ToString("N"),
            Schemes = [scheme],
            Description = "A scripted backend reached through a URI in a Core unit test.",
            Options =
            [
                new BackendOptionDescriptor("bucket", BackendOptionType.String, "The bucket.") { IsRequired = true },
                new BackendOptionDescriptor("prefix", BackendOptionType.String, "The key prefix."),
                new BackendOptionDescriptor("region", BackendOptionType.String, "The region.") { Default = "us-east-1" },
                new BackendOptionDescriptor("part-size", BackendOptionType.Size, "Upload part size."),
            ],
            Factory = factory ?? (static (_, _) => ValueTask.FromResult<IStorageBackend>(new ScriptedBackend())),
            UriParser = static uri => new Dictionary<string, string> { ["bucket"] = uri.Authority, ["prefix"] = uri.Path },
        };
        BackendRegistry.Register(descriptor);
        return (descriptor, scheme);
    }

    [Fact]
    public void Resolve_of_a_uri_applies_the_backend_s_uri_parser_and_the_query()
    {
        var (descriptor, scheme) = RegisterUriBackend();

        var (resolved, options) = Omni.Resolve($"{scheme}://my-bucket/some/prefix?region=eu-west-1&part-size=16M");

        Assert.Same(descriptor, resolved);
        Assert.Equal("my-bucket", options.GetString("bucket"));
        Assert.Equal("some/prefix", options.GetString("prefix"));
        Assert.Equal("eu-west-1", options.GetString("region"));
        Assert.Equal(16L << 20, options.GetInt64("part-size"));
    }

    [Fact]
    public void Resolve_lets_the_query_override_the_uri_location()
    {
        var (_, scheme) = RegisterUriBackend();

        var (_, options) = Omni.Resolve($"{scheme}://from-location/p?bucket=from-query");

        Assert.Equal("from-query", options.GetString("bucket"));
    }

    [Fact]
    public void Resolve_lets_explicit_options_override_the_query_and_the_location()
    {
        var (_, scheme) = RegisterUriBackend();
        var explicitOptions = new Dictionary<string, object?> { ["region"] = "ap-south-1", ["bucket"] = "explicit" };

        var (_, options) = Omni.Resolve($"{scheme}://located/p?region=eu-west-1", explicitOptions);

        Assert.Equal("ap-south-1", options.GetString("region"));
        Assert.Equal("explicit", options.GetString("bucket"));
        Assert.Equal("p", options.GetString("prefix"));
    }

    [Fact]
    public void Resolve_lets_explicit_options_win_even_when_spelled_differently_from_the_query()
    {
        var (_, scheme) = RegisterUriBackend();
        var explicitOptions = new Dictionary<string, object?> { ["part-size"] = "2M" };

        var (_, options) = Omni.Resolve($"{scheme}://b?part_size=1M", explicitOptions);

        Assert.Equal(2L << 20, options.GetInt64("part-size"));
    }

    [Fact]
    public void Resolve_of_a_uri_with_an_unknown_query_option_names_it()
    {
        var (descriptor, scheme) = RegisterUriBackend();

        var error = Assert.Throws<StorageException>(() => Omni.Resolve($"{scheme}://b?colour=blue"));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("'colour'", error.Message, StringComparison.Ordinal);
        Assert.Contains(descriptor.Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_of_an_unknown_scheme_lists_the_known_schemes()
    {
        var (_, knownScheme) = RegisterUriBackend();
        var unknownScheme = "nope" + Guid.NewGuid().ToString("N")[..8];

        var error = Assert.Throws<StorageException>(() => Omni.Resolve($"{unknownScheme}://somewhere/x"));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"'{unknownScheme}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(knownScheme, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_of_a_backend_name_uses_its_defaults()
    {
        var descriptor = new BackendDescriptor
        {
            Name = "named-" + Guid.NewGuid().ToString("N"),
            Description = "A backend opened by name in a Core unit test.",
            Options = [new BackendOptionDescriptor("depth", BackendOptionType.Integer, "How deep.") { Default = 3L }],
            Factory = static (_, _) => ValueTask.FromResult<IStorageBackend>(new ScriptedBackend()),
        };
        BackendRegistry.Register(descriptor);

        var (resolved, options) = Omni.Resolve(descriptor.Name.ToUpperInvariant());

        Assert.Same(descriptor, resolved);
        Assert.Equal(3L, options.GetInt64("depth"));
    }

    [Fact]
    public void Resolve_of_an_unknown_backend_name_is_invalid_argument()
    {
        var name = "missing-" + Guid.NewGuid().ToString("N");

        var error = Assert.Throws<StorageException>(() => Omni.Resolve(name));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    // This test project does not reference the file backend, so a plain local path must fail with a clear message that
    // names the file backend rather than, say, treating the path as a backend name.
    [Theory]
    [InlineData("/data/archive")]
    [InlineData("./out")]
    [InlineData("~/documents")]
    [InlineData(@"C:\data")]
    [InlineData(@"\\server\share")]
    [InlineData("relative/dir")]
    public void Resolve_of_a_local_path_asks_for_the_file_backend(string path)
    {
        Assert.False(BackendRegistry.TryGet("file", out _), "The Core tests must not load the file backend.");

        var error = Assert.Throws<StorageException>(() => Omni.Resolve(path));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("No backend named 'file'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Resolve_of_blank_text_is_an_argument_error(string text)
    {
        Assert.Throws<ArgumentException>(() => Omni.Resolve(text));
    }

    [Fact]
    public void Resolve_of_the_attribute_registered_backend_uses_its_uri_parser()
    {
        BackendRegistry.RegisterAssembly(typeof(OmniTests).Assembly);

        var (descriptor, options) = Omni.Resolve($"{AttributeRegisteredProvider.Scheme}://over-there");

        Assert.Equal(AttributeRegisteredProvider.BackendName, descriptor.Name);
        Assert.Equal("over-there", options.GetString("location"));
    }

    [Fact]
    public async Task Open_passes_the_validated_options_to_the_factory_and_wraps_the_backend()
    {
        BackendOptions? received = null;
        var backend = new ScriptedBackend();
        var (_, scheme) = RegisterUriBackend((options, _) =>
        {
            received = options;
            return ValueTask.FromResult<IStorageBackend>(backend);
        });

        await using var store = await Omni.Open($"{scheme}://bucket-x/pre?region=eu-north-1");

        Assert.Same(backend, store.Backend);
        Assert.Equal("scripted", store.Name);
        Assert.NotNull(received);
        Assert.Equal("bucket-x", received.GetString("bucket"));
        Assert.Equal("eu-north-1", received.GetString("region"));
    }

    [Fact]
    public async Task Open_wraps_a_native_factory_failure_naming_the_backend()
    {
        var failure = new IOException("cannot reach the service");
        var (descriptor, scheme) = RegisterUriBackend((_, _) => throw failure);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await Omni.Open($"{scheme}://b"));

        Assert.Equal(descriptor.Name, error.Backend);
        Assert.Same(failure, error.InnerException);
        Assert.Contains("cannot reach the service", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_lets_a_storage_exception_from_the_factory_through_unchanged()
    {
        var failure = new StorageException(StorageErrorCode.PermissionDenied, "The credentials were refused.");
        var (descriptor, scheme) = RegisterUriBackend((_, _) => throw failure);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await Omni.Open($"{scheme}://b"));

        Assert.Same(failure, error);
        Assert.Equal(StorageErrorCode.PermissionDenied, error.Code);
    }

    [Fact]
    public async Task Open_with_an_invalid_option_fails_before_calling_the_factory()
    {
        var factoryCalls = 0;
        var (_, scheme) = RegisterUriBackend((_, _) =>
        {
            factoryCalls++;
            return ValueTask.FromResult<IStorageBackend>(new ScriptedBackend());
        });

        var error = await Assert.ThrowsAsync<StorageException>(async () => await Omni.Open($"{scheme}://b?part-size=lots"));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("'part-size'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, factoryCalls);
    }
}
