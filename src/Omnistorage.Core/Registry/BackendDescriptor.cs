namespace Omnistorage;

/// <summary>The value type of a backend option, which decides how text (URI query, environment, CLI) is parsed.</summary>
public enum BackendOptionType
{
    String,
    /// <summary>A whole number (64-bit).</summary>
    Integer,
    /// <summary>true/false, yes/no, on/off, 1/0.</summary>
    Boolean,
    /// <summary>A byte count with optional binary suffix: <c>512</c>, <c>64k</c>, <c>16M</c>, <c>1G</c>, <c>2T</c>.</summary>
    Size,
    /// <summary>A duration: <c>1h30m</c>, <c>45s</c>, <c>250ms</c>, <c>00:05:00</c>, or plain seconds.</summary>
    Duration,
    /// <summary>One of <see cref="BackendOptionDescriptor.AllowedValues"/> (case-insensitive).</summary>
    Choice,
}

/// <summary>
/// Describes one backend option. The same descriptors drive URI and environment parsing, validation, the CLI,
/// PowerShell's <c>New-PSDrive</c> dynamic parameters and the generated backend documentation.
/// </summary>
public sealed record BackendOptionDescriptor
{
    public BackendOptionDescriptor(string name, BackendOptionType type, string help)
    {
        Name = name;
        Type = type;
        Help = help;
    }

    /// <summary>The option's name in kebab-case (for example <c>access-key-id</c>). Matching is case-insensitive and treats '-' and '_' alike.</summary>
    public string Name { get; }

    public BackendOptionType Type { get; }

    public string Help { get; }

    /// <summary>The typed default value, or null for none.</summary>
    public object? Default { get; init; }

    /// <summary>A secret (password, key, token): never printed, logged or put in an error message.</summary>
    public bool IsSecret { get; init; }

    /// <summary>The environment variable read when the option is not given; null for none.</summary>
    public string? EnvironmentVariable { get; init; }

    /// <summary>The backend cannot be opened without it.</summary>
    public bool IsRequired { get; init; }

    /// <summary>For <see cref="BackendOptionType.Choice"/>: the accepted values.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>Names this option can be mapped from when the user supplies a credential (for example <c>user</c> and <c>password</c>).</summary>
    public CredentialPart CredentialPart { get; init; }
}

/// <summary>Which half of a user name/password credential an option receives (used by PowerShell's <c>-Credential</c>).</summary>
public enum CredentialPart
{
    None,
    UserName,
    Password,
}

/// <summary>
/// Everything the registry needs to know about a backend: its name, URI schemes, options and how to build it.
/// </summary>
public sealed record BackendDescriptor
{
    /// <summary>The backend name used with <c>Omni.Open</c>, lowercase.</summary>
    public required string Name { get; init; }

    /// <summary>URI schemes that select this backend (for example <c>s3</c>); may be empty.</summary>
    public IReadOnlyList<string> Schemes { get; init; } = [];

    public required string Description { get; init; }

    public IReadOnlyList<BackendOptionDescriptor> Options { get; init; } = [];

    /// <summary>Creates a backend from validated options.</summary>
    public required Func<BackendOptions, CancellationToken, ValueTask<IStorageBackend>> Factory { get; init; }

    /// <summary>
    /// Turns the authority and path of a URI into option values (for example <c>s3://bucket/prefix</c> into
    /// <c>bucket</c> and <c>prefix</c>). The query string is applied as options by the registry, not here.
    /// </summary>
    public Func<StorageUri, IReadOnlyDictionary<string, string>>? UriParser { get; init; }

    /// <summary>
    /// The backend class the factory returns, when known. Lets tools describe the optional capabilities (the
    /// interfaces in Capabilities.cs) without opening the backend, which may need credentials.
    /// </summary>
    public Type? BackendType { get; init; }

    /// <summary>Finds an option by name, ignoring case and treating '-' and '_' alike.</summary>
    public BackendOptionDescriptor? FindOption(string name)
    {
        var wanted = NormalizeOptionName(name);
        return Options.FirstOrDefault(o => NormalizeOptionName(o.Name) == wanted);
    }

    internal static string NormalizeOptionName(string name) =>
        name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}

/// <summary>
/// Implemented by a type with a public parameterless constructor and named by <see cref="OmnistorageBackendAttribute"/>
/// in a backend assembly, so that <see cref="BackendRegistry.RegisterAssembly"/> can find the backend.
/// </summary>
public interface IBackendProvider
{
    BackendDescriptor Descriptor { get; }
}

/// <summary>Marks an assembly as providing a backend through <paramref name="providerType"/> (an <see cref="IBackendProvider"/>).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class OmnistorageBackendAttribute(Type providerType) : Attribute
{
    public Type ProviderType { get; } = providerType;
}
