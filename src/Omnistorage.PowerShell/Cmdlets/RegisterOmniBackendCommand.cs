using System.Management.Automation;
using System.Reflection;
using Omnistorage.PowerShell.Internal;
using Omnistorage.PowerShell.Provider;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>
/// Register-OmniBackend: loads an assembly that declares backends with <c>[assembly: OmnistorageBackend(typeof(...))]</c>
/// into the module's load context, so that it binds to the module's own copy of Omnistorage.Core (a copy of Core next to
/// the assembly is never used), and registers its backends. They then work like the built-in ones: in New-PSDrive
/// (with their options as dynamic parameters), in Get-OmniBackend and in every cmdlet.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "OmniBackend", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(OmniBackendInfo))]
public sealed class RegisterOmniBackendCommand : OmniCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Assembly files to load; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Assembly files to load, used exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var path in literal ? LiteralPath : Path)
        {
            List<string> files;
            ProviderInfo provider;
            try
            {
                files = literal
                    ? [SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _)]
                    : [.. SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider)];
            }
            catch (ItemNotFoundException ex)
            {
                WriteFailure(new StorageException(StorageErrorCode.NotFound, ex.Message, null, path, ex), path);
                continue;
            }
            catch (SessionStateException ex)
            {
                WriteError(new ErrorRecord(ex.ErrorRecord, ex));
                continue;
            }

            if (provider.ImplementingType.FullName != "Microsoft.PowerShell.Commands.FileSystemProvider")
            {
                WriteFailure(new StorageException(StorageErrorCode.InvalidArgument,
                    $"'{path}' is on the {provider.Name} provider; backend assemblies are loaded from the file system.", null, path), path);
                continue;
            }

            foreach (var file in files) Register(file);
        }
    }

    private void Register(string file)
    {
        try
        {
            if (Directory.Exists(file))
            {
                throw new StorageException(StorageErrorCode.InvalidArgument, $"'{file}' is a directory; give the path of a backend assembly (.dll).", null, file);
            }

            if (!File.Exists(file))
            {
                throw new StorageException(StorageErrorCode.NotFound, $"The assembly '{file}' does not exist.", null, file);
            }

            if (!ShouldProcess(file, "Register storage backends")) return;
            var registered = BackendRegistry.RegisterAssembly(Load(file));
            if (registered.Count == 0)
            {
                throw new StorageException(StorageErrorCode.InvalidArgument,
                    $"'{file}' declares no backend. A backend assembly names its provider with [assembly: OmnistorageBackend(typeof(MyBackendProvider))].", null, file);
            }

            var driveParameterNames = new HashSet<string>(DriveParameters.Build().Keys, StringComparer.OrdinalIgnoreCase);
            foreach (var descriptor in registered)
            {
                WriteVerbose($"Registered the {descriptor.Name} backend from '{file}'.");
                WriteObject(new OmniBackendInfo(descriptor, driveParameterNames));
            }
        }
        catch (Exception ex) when (ex is FileLoadException or FileNotFoundException or TypeLoadException or MissingMethodException or TargetInvocationException or ReflectionTypeLoadException)
        {
            // The assembly loaded but its provider could not be created: a missing dependency, a provider without a
            // public parameterless constructor, or one built against an incompatible Omnistorage.Core.
            WriteFailure(new StorageException(StorageErrorCode.InvalidArgument,
                $"The backends in '{file}' could not be created: {(ex as TargetInvocationException)?.InnerException?.Message ?? ex.Message}", null, file, ex), file);
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, file);
        }
    }

    private static Assembly Load(string file)
    {
        try
        {
            return ModuleLoadContext.Instance.LoadPlugin(file);
        }
        catch (BadImageFormatException ex)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"'{file}' is not a .NET assembly, so it cannot hold Omnistorage backends.", null, file, ex);
        }
        catch (FileLoadException ex)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"'{file}' could not be loaded: {ex.Message}", null, file, ex);
        }
    }
}
