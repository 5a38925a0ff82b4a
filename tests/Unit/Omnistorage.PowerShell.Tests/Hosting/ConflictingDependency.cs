using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Omnistorage.PowerShell.Tests.Hosting;

/// <summary>
/// Before any test runs, loads a different version of one of the module's dependencies (ZstdSharp 0.1.0.0, built
/// here with <see cref="PersistedAssemblyBuilder"/>) into the default load context, as another module imported
/// earlier would. Every host test therefore runs with the conflict in place; without the module's own load context,
/// Core's first use of zstd would fail because the default context already holds an incompatible ZstdSharp.
/// </summary>
internal static class ConflictingDependency
{
    public const string AssemblyName = "ZstdSharp";
    public const string MarkerType = "ZstdSharp.HostCopyMarker";
    public static readonly Version Version = new(0, 1, 0, 0);

    public static Assembly Loaded { get; private set; } = null!;

#pragma warning disable CA2255 // Deliberately runs before every test in this assembly.
    [ModuleInitializer]
    internal static void Load()
#pragma warning restore CA2255
    {
        var directory = Path.Combine(Path.GetTempPath(), $"omni-conflict-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, AssemblyName + ".dll");
        var builder = new PersistedAssemblyBuilder(new AssemblyName(AssemblyName) { Version = Version }, typeof(object).Assembly);
        var module = builder.DefineDynamicModule(AssemblyName);
        var type = module.DefineType(MarkerType, TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var method = type.DefineMethod("Describe", MethodAttributes.Public | MethodAttributes.Static, typeof(string), Type.EmptyTypes);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldstr, "the host's ZstdSharp " + Version);
        il.Emit(OpCodes.Ret);
        type.CreateType();
        builder.Save(path);
        Loaded = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Windows keeps loaded assemblies locked; the temp folder is cleaned by the OS there.
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
    }
}
