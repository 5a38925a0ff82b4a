using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Omnistorage.PowerShell;

/// <summary>
/// The load context for everything in the module's <c>Dependencies/</c> folder: Core, the backends and their SDKs.
/// PowerShell loads one version of an assembly per load context, so a runbook that has already imported Az.Storage or
/// AWS.Tools (with their own Azure.Core, AWSSDK.Core, ...) would otherwise fail to import this module or break in
/// subtle ways. Only this assembly sits in the default context; it reaches Core through
/// <see cref="AssemblyLoadContext.Resolving"/>, which answers with the copy loaded here.
/// </summary>
internal sealed class ModuleLoadContext : AssemblyLoadContext
{
    private static readonly object Gate = new();
    private static ModuleLoadContext? _instance;
    private readonly string _dependencyDirectory;
    private readonly List<AssemblyDependencyResolver> _pluginResolvers = [];
    private readonly List<string> _pluginDirectories = [];

    private ModuleLoadContext(string dependencyDirectory)
        : base("Omnistorage", isCollectible: false)
    {
        _dependencyDirectory = dependencyDirectory;
    }

    /// <summary>The module's context, created on first use.</summary>
    public static ModuleLoadContext Instance
    {
        get
        {
            lock (Gate)
            {
                return _instance ??= new ModuleLoadContext(Path.Combine(ModuleDirectory, "Dependencies"));
            }
        }
    }

    /// <summary>The folder holding this assembly (the module root).</summary>
    public static string ModuleDirectory { get; } =
        Path.GetDirectoryName(typeof(ModuleLoadContext).Assembly.Location) ?? AppContext.BaseDirectory;

    /// <summary>The folder the dependencies are loaded from.</summary>
    public string DependencyDirectory => _dependencyDirectory;

    /// <summary>
    /// Hooks the default context once, so the first reference from this assembly to Core is answered with the copy in
    /// <c>Dependencies/</c>. Called both by the module initializer and by <see cref="ModuleInitializer"/>: whichever
    /// runs first wins, the other is a no-op.
    /// </summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            _installed = true;
        }

        Default.Resolving += ResolveFromDefault;
    }

    private static bool _installed;

    /// <summary>
    /// Loads an external backend assembly into this context, so it binds to the same Core as the module. Its own
    /// dependencies are looked up next to it (through its deps.json when it has one).
    /// </summary>
    public Assembly LoadPlugin(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        lock (_pluginResolvers)
        {
            var directory = System.IO.Path.GetDirectoryName(fullPath)!;
            if (!_pluginDirectories.Contains(directory, StringComparer.Ordinal))
            {
                _pluginDirectories.Add(directory);
                _pluginResolvers.Add(new AssemblyDependencyResolver(fullPath));
            }
        }

        var name = AssemblyName.GetAssemblyName(fullPath);
        foreach (var loaded in Assemblies)
        {
            if (AssemblyName.ReferenceMatchesDefinition(name, loaded.GetName()) && string.Equals(loaded.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase))
            {
                return loaded;
            }
        }

        return LoadFromAssemblyPath(fullPath);
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // The module's own copy wins for everything it ships; anything else (the framework, PowerShell itself) comes
        // from the default context, so the types PowerShell hands us are the ones it knows.
        var candidate = System.IO.Path.Combine(_dependencyDirectory, assemblyName.Name + ".dll");
        if (File.Exists(candidate))
        {
            return LoadFromAssemblyPath(candidate);
        }

        lock (_pluginResolvers)
        {
            foreach (var resolver in _pluginResolvers)
            {
                if (resolver.ResolveAssemblyToPath(assemblyName) is { } resolved && File.Exists(resolved))
                {
                    return LoadFromAssemblyPath(resolved);
                }
            }

            foreach (var directory in _pluginDirectories)
            {
                var nextToPlugin = System.IO.Path.Combine(directory, assemblyName.Name + ".dll");
                if (File.Exists(nextToPlugin))
                {
                    return LoadFromAssemblyPath(nextToPlugin);
                }
            }
        }

        return null;
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var candidate = System.IO.Path.Combine(_dependencyDirectory, unmanagedDllName);
        return File.Exists(candidate) ? LoadUnmanagedDllFromPath(candidate) : IntPtr.Zero;
    }

    private static Assembly? ResolveFromDefault(AssemblyLoadContext context, AssemblyName name)
    {
        // Only our own engine assemblies are answered: this assembly references Core (and nothing else from
        // Dependencies/) directly. Everything else Core needs is resolved inside the module's context.
        if (name.Name is null || !name.Name.StartsWith("Omnistorage.", StringComparison.Ordinal))
        {
            return null;
        }

        var candidate = System.IO.Path.Combine(Instance.DependencyDirectory, name.Name + ".dll");
        return File.Exists(candidate) ? Instance.LoadFromAssemblyName(name) : null;
    }
}

/// <summary>
/// Installs the resolver that answers the default context's requests for Core with the module's copy. PowerShell
/// inspects every type of a binary module (some need Core) before it calls <see cref="OnImport"/>, so the module's
/// root script, Omnistorage.psm1, calls <see cref="InstallResolver"/> before it imports this assembly; OnImport and a
/// C# module initializer install it too, for hosts that import the assembly directly. Installing twice is a no-op.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    /// <inheritdoc />
    public void OnImport() => ModuleLoadContext.Install();

    /// <summary>Installs the dependency resolver; called by Omnistorage.psm1 before the assembly is imported.</summary>
    public static void InstallResolver() => ModuleLoadContext.Install();

#pragma warning disable CA2255 // A module initializer is the documented way to run before any type of this assembly is used.
    [ModuleInitializer]
    internal static void InstallEarly() => ModuleLoadContext.Install();
#pragma warning restore CA2255
}
