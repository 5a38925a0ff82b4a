using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Reflection;

namespace Omnistorage.PowerShell.Tests.Hosting;

/// <summary>
/// Calls the provider the way Get-ChildItem and Get-Content do, with a provider context carrying -Filter, -Include,
/// -Exclude and the provider's dynamic parameters (-File, -Raw, -Encoding, ...). Those cmdlets are not in the hosted
/// engine and the public intrinsics take no filters, so this uses the engine's internal context type by reflection,
/// pinned to the System.Management.Automation version the tests reference.
/// </summary>
public static class ProviderContextCalls
{
    private static readonly Assembly Engine = typeof(PSObject).Assembly;
    private static readonly Type ContextType = Engine.GetType("System.Management.Automation.CmdletProviderContext", throwOnError: true)!;
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Get-ChildItem: items (or, with <paramref name="namesOnly"/>, names) and the errors written.</summary>
    public static (Collection<PSObject> Items, Collection<ErrorRecord> Errors) GetChildItems(PowerShellSession session, string path, bool recurse = false,
        uint depth = uint.MaxValue, string? filter = null, string[]? include = null, string[]? exclude = null, object? dynamicParameters = null, bool namesOnly = false)
    {
        var context = NewContext(session, filter, include, exclude, dynamicParameters);
        var intrinsics = session.State.InvokeProvider.ChildItem;
        if (namesOnly)
        {
            var getNames = intrinsics.GetType().GetMethod("GetNames", Instance, [typeof(string), typeof(ReturnContainers), typeof(bool), typeof(uint), ContextType])!;
            Invoke(getNames, intrinsics, path, ReturnContainers.ReturnMatchingContainers, recurse, depth, context);
        }
        else
        {
            var get = intrinsics.GetType().GetMethod("Get", Instance, [typeof(string), typeof(bool), typeof(uint), ContextType])!;
            Invoke(get, intrinsics, path, recurse, depth, context);
        }

        return Results(context);
    }

    /// <summary>Get-Content's reader with its dynamic parameters (an object with Encoding, AsByteStream, Raw properties).</summary>
    public static System.Management.Automation.Provider.IContentReader GetContentReader(PowerShellSession session, string path, Action<object> setParameters)
    {
        var provider = session.State.InvokeProvider.Content;
        var parameters = DynamicParameters(session, provider, "GetContentReaderDynamicParameters", path);
        setParameters(parameters);
        var context = NewContext(session, null, null, null, parameters);
        var getReader = provider.GetType().GetMethod("GetReader", Instance, [typeof(string), ContextType])!;
        var readers = (Collection<System.Management.Automation.Provider.IContentReader>)Invoke(getReader, provider, path, context)!;
        return Assert.Single(readers);
    }

    /// <summary>Set-Content's / Add-Content's writer with its dynamic parameters (Encoding, AsByteStream, NoNewline).</summary>
    public static System.Management.Automation.Provider.IContentWriter GetContentWriter(PowerShellSession session, string path, Action<object> setParameters)
    {
        var provider = session.State.InvokeProvider.Content;
        var parameters = DynamicParameters(session, provider, "GetContentWriterDynamicParameters", path);
        setParameters(parameters);
        var context = NewContext(session, null, null, null, parameters);
        var getWriter = provider.GetType().GetMethod("GetWriter", Instance, [typeof(string), ContextType])!;
        var writers = (Collection<System.Management.Automation.Provider.IContentWriter>)Invoke(getWriter, provider, path, context)!;
        return Assert.Single(writers);
    }

    /// <summary>
    /// New-PSDrive: the provider's dynamic parameters (one per backend option, plus -Option) are fetched, filled by
    /// <paramref name="setParameters"/> and passed with the drive, as the cmdlet does after binding them.
    /// </summary>
    public static PSDriveInfo NewDrive(PowerShellSession session, string name, string root, PSCredential? credential,
        Action<RuntimeDefinedParameterDictionary> setParameters)
    {
        var drives = session.State.Drive;
        var getParameters = drives.GetType().GetMethod("NewDriveDynamicParameters", Instance, [typeof(string), ContextType])!;
        var parameters = (RuntimeDefinedParameterDictionary)Invoke(getParameters, drives, "Omni", NewContext(session, null, null, null, null))!;
        setParameters(parameters);
        var context = NewContext(session, null, null, null, parameters);
        var newDrive = drives.GetType().GetMethod("New", Instance, [typeof(PSDriveInfo), typeof(string), ContextType])!;
        Invoke(newDrive, drives, new PSDriveInfo(name, session.OmniProvider, root, "test drive", credential), "global", context);
        var (_, errors) = Results(context);
        if (errors.Count > 0) throw errors[0].Exception;
        return drives.Get(name);
    }

    /// <summary>Sets a property of a dynamic-parameter object (whose type lives in the module).</summary>
    public static void Set(object target, string property, object? value) => target.GetType().GetProperty(property)!.SetValue(target, value);

    private static object DynamicParameters(PowerShellSession session, object intrinsics, string methodName, string path)
    {
        var context = NewContext(session, null, null, null, null);
        var method = intrinsics.GetType().GetMethod(methodName, Instance, [typeof(string), ContextType])!;
        return Invoke(method, intrinsics, path, context) ?? throw new InvalidOperationException($"{methodName} returned nothing.");
    }

    private static object NewContext(PowerShellSession session, string? filter, string[]? include, string[]? exclude, object? dynamicParameters)
    {
        var engineIntrinsics = session.State.PSVariable.GetValue("ExecutionContext")!;
        var executionContext = engineIntrinsics.GetType().GetField("_context", Instance)!.GetValue(engineIntrinsics)!;
        var context = Activator.CreateInstance(ContextType, Instance, null, [executionContext], null)!;
        ContextType.GetMethod("SetFilters", Instance)!.Invoke(context,
            [new Collection<string>(include ?? []), new Collection<string>(exclude ?? []), filter]);
        if (dynamicParameters is not null) ContextType.GetProperty("DynamicParameters", Instance)!.SetValue(context, dynamicParameters);
        return context;
    }

    private static (Collection<PSObject>, Collection<ErrorRecord>) Results(object context) =>
        ((Collection<PSObject>)ContextType.GetMethod("GetAccumulatedObjects", Instance)!.Invoke(context, null)!,
         (Collection<ErrorRecord>)ContextType.GetMethod("GetAccumulatedErrorObjects", Instance)!.Invoke(context, null)!);

    private static object? Invoke(MethodInfo method, object target, params object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
