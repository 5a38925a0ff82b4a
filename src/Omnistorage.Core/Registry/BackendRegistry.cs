using System.Collections.Concurrent;
using System.Reflection;

namespace Omnistorage;

/// <summary>
/// The process-wide table of backends. The built-in backends are registered from one explicit list of assembly names
/// the first time the registry is consulted (an assembly that is not deployed is skipped); external assemblies call
/// <see cref="Register"/> or <see cref="RegisterAssembly"/>. Thread-safe.
/// </summary>
public static class BackendRegistry
{
    /// <summary>The built-in backend assemblies, in the order they are offered. Each carries an <see cref="OmnistorageBackendAttribute"/>.</summary>
    internal static readonly IReadOnlyList<string> BuiltInAssemblies =
    [
        "Omnistorage.Backends.Memory",
        "Omnistorage.Backends.File",
        "Omnistorage.Backends.Channel",
        "Omnistorage.Backends.Multi",
    ];

    private static readonly ConcurrentDictionary<string, BackendDescriptor> ByName = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, BackendDescriptor> ByScheme = new(StringComparer.OrdinalIgnoreCase);
    private static readonly List<string> LoadFailuresList = [];
    private static readonly Lazy<bool> BuiltInsLoaded = new(LoadBuiltIns, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Built-in backend assemblies that were found but could not be registered, with the reason.</summary>
    public static IReadOnlyList<string> LoadFailures
    {
        get
        {
            _ = BuiltInsLoaded.Value;
            return LoadFailuresList.ToArray();
        }
    }

    /// <summary>Every registered backend, ordered by name.</summary>
    public static IReadOnlyList<BackendDescriptor> All
    {
        get
        {
            _ = BuiltInsLoaded.Value;
            return ByName.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>
    /// Registers a backend. Registering the same descriptor again is a no-op; a different descriptor under an existing
    /// name or scheme is <see cref="StorageErrorCode.AlreadyExists"/> unless <paramref name="replace"/> is true.
    /// </summary>
    public static void Register(BackendDescriptor descriptor, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (string.IsNullOrWhiteSpace(descriptor.Name) || descriptor.Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"'{descriptor.Name}' is not a valid backend name (letters, digits, '-' and '_').");
        }

        lock (ByName)
        {
            if (!replace && ByName.TryGetValue(descriptor.Name, out var existing) && !ReferenceEquals(existing, descriptor))
            {
                if (IsSameBackend(existing, descriptor)) return;
                throw new StorageException(StorageErrorCode.AlreadyExists, $"A backend named '{descriptor.Name}' is already registered.", descriptor.Name);
            }

            foreach (var scheme in descriptor.Schemes)
            {
                if (!replace && ByScheme.TryGetValue(scheme, out var owner) && !IsSameBackend(owner, descriptor))
                {
                    throw new StorageException(StorageErrorCode.AlreadyExists,
                        $"The URI scheme '{scheme}' is already registered by the {owner.Name} backend.", descriptor.Name);
                }
            }

            ByName[descriptor.Name] = descriptor;
            foreach (var scheme in descriptor.Schemes)
            {
                ByScheme[scheme] = descriptor;
            }
        }
    }

    /// <summary>Registers every backend an assembly declares with <see cref="OmnistorageBackendAttribute"/>; returns them.</summary>
    public static IReadOnlyList<BackendDescriptor> RegisterAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var registered = new List<BackendDescriptor>();
        foreach (var attribute in assembly.GetCustomAttributes<OmnistorageBackendAttribute>())
        {
            if (!typeof(IBackendProvider).IsAssignableFrom(attribute.ProviderType))
            {
                throw new StorageException(StorageErrorCode.InvalidArgument,
                    $"{attribute.ProviderType.FullName} in {assembly.GetName().Name} does not implement {nameof(IBackendProvider)}.");
            }

            var provider = (IBackendProvider)Activator.CreateInstance(attribute.ProviderType)!;
            Register(provider.Descriptor);
            registered.Add(provider.Descriptor);
        }

        return registered;
    }

    /// <summary>Finds a backend by name (case-insensitive).</summary>
    public static bool TryGet(string name, out BackendDescriptor descriptor)
    {
        _ = BuiltInsLoaded.Value;
        return ByName.TryGetValue(name, out descriptor!);
    }

    /// <summary>Finds a backend by name; an unknown name is <see cref="StorageErrorCode.InvalidArgument"/> listing the known ones.</summary>
    public static BackendDescriptor Get(string name) =>
        TryGet(name, out var descriptor)
            ? descriptor
            : throw new StorageException(StorageErrorCode.InvalidArgument,
                $"No backend named '{name}' is registered. Known backends: {string.Join(", ", All.Select(d => d.Name))}.");

    /// <summary>Finds the backend that handles a URI scheme.</summary>
    public static bool TryGetByScheme(string scheme, out BackendDescriptor descriptor)
    {
        _ = BuiltInsLoaded.Value;
        return ByScheme.TryGetValue(scheme, out descriptor!);
    }

    private static bool IsSameBackend(BackendDescriptor a, BackendDescriptor b) =>
        string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) &&
        a.Factory.Method == b.Factory.Method;

    private static bool LoadBuiltIns()
    {
        foreach (var name in BuiltInAssemblies)
        {
            Assembly assembly;
            try
            {
                // Assembly.Load resolves through the load context Core itself lives in, so the module's isolated
                // context finds the backends in its Dependencies folder.
                assembly = Assembly.Load(new AssemblyName(name));
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            try
            {
                RegisterAssembly(assembly);
            }
            catch (StorageException ex)
            {
                // One broken or clashing built-in must not take the whole registry down (the Lazy would cache the
                // exception for the life of the process); the failure stays visible through LoadFailures.
                LoadFailuresList.Add($"{name}: {ex.Message}");
            }
        }

        return true;
    }
}
