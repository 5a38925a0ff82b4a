using System.Management.Automation;

namespace Omnistorage.PowerShell.Provider;

/// <summary>
/// A PowerShell drive on one storage location. It owns the opened <see cref="ObjectStore"/>; its
/// <see cref="PSDriveInfo.Root"/> is the canonical URI of that location (see <see cref="OmniPath"/>).
/// </summary>
public sealed class OmniDriveInfo : PSDriveInfo
{
    internal OmniDriveInfo(PSDriveInfo drive, string root, ObjectStore store, string backend, IReadOnlyDictionary<string, string> displayOptions)
        : base(drive.Name, drive.Provider, root, drive.Description, drive.Credential)
    {
        Store = store;
        Backend = backend;
        Options = displayOptions;
    }

    /// <summary>The backend's name (memory, file, ...).</summary>
    public string Backend { get; }

    /// <summary>The options the drive was opened with; secret values are shown as <c>***</c>.</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>What the backend can do (server-side copy, append, hashes, ...).</summary>
    public BackendFeatures Features => Store.Features;

    internal ObjectStore Store { get; }

    /// <summary>
    /// The roots of every open Omni drive in the process, counted. Path arithmetic asks whether a path is a drive
    /// root for every item PowerShell writes, so this must not enumerate the session's drives each time.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> OpenRoots = new(StringComparer.Ordinal);

    internal static bool IsRoot(string path) => OpenRoots.ContainsKey(path);

    internal void Register() => OpenRoots.AddOrUpdate(Root, 1, (_, count) => count + 1);

    internal void Unregister()
    {
        while (OpenRoots.TryGetValue(Root, out var count))
        {
            if (count <= 1 ? OpenRoots.TryRemove(new KeyValuePair<string, int>(Root, count)) : OpenRoots.TryUpdate(Root, count - 1, count)) return;
        }
    }
}

/// <summary>
/// New-PSDrive's dynamic parameters: one parameter per backend option (named in PascalCase, <c>access-key-id</c>
/// becomes <c>-AccessKeyId</c>), plus <c>-Option</c> for anything by its own name. They are built from every registered
/// backend's option descriptors because PowerShell asks for them before it tells the provider which root it will get.
/// </summary>
internal static class DriveParameters
{
    /// <summary>New-PSDrive's own parameter names, which a backend option must not shadow.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Name", "PSProvider", "Root", "Description", "Scope", "Persist", "Credential", "Option", "WhatIf", "Confirm",
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "UseTransaction",
    };

    public const string OptionParameter = "Option";

    public static RuntimeDefinedParameterDictionary Build()
    {
        var parameters = new RuntimeDefinedParameterDictionary();
        var option = new RuntimeDefinedParameter(OptionParameter, typeof(System.Collections.Hashtable),
            [new ParameterAttribute { HelpMessage = "Backend options by name, for example @{ 'create-root' = $true }." }]);
        parameters.Add(OptionParameter, option);
        foreach (var (name, type) in OptionParameters())
        {
            parameters.Add(name, new RuntimeDefinedParameter(name, type, [new ParameterAttribute()]));
        }

        return parameters;
    }

    /// <summary>Backend options from the bound dynamic parameters, keyed by option name.</summary>
    public static Dictionary<string, object?> Collect(object? dynamicParameters)
    {
        var options = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (dynamicParameters is not RuntimeDefinedParameterDictionary bound) return options;
        var byParameter = AllOptions().GroupBy(o => ParameterName(o.Name), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in bound.Values)
        {
            if (!parameter.IsSet) continue;
            if (parameter.Name == OptionParameter)
            {
                if (parameter.Value is System.Collections.IDictionary table)
                {
                    foreach (System.Collections.DictionaryEntry entry in table)
                    {
                        options[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] = Unwrap(entry.Value);
                    }
                }

                continue;
            }

            if (byParameter.TryGetValue(parameter.Name, out var optionName))
            {
                options[optionName] = Unwrap(parameter.Value);
            }
        }

        return options;
    }

    /// <summary><c>access-key-id</c> becomes <c>AccessKeyId</c>.</summary>
    public static string ParameterName(string optionName) =>
        string.Concat(optionName.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static IEnumerable<(string Name, Type Type)> OptionParameters()
    {
        // Two backends may share an option name with different types; the parameter then takes any value and the
        // backend's own parser validates it when the drive is opened.
        return AllOptions()
            .GroupBy(o => ParameterName(o.Name), StringComparer.OrdinalIgnoreCase)
            .Where(g => !Reserved.Contains(g.Key))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var types = g.Select(o => ClrType(o)).Distinct().ToList();
                return (g.Key, types.Count == 1 ? types[0] : typeof(object));
            });
    }

    private static IEnumerable<BackendOptionDescriptor> AllOptions() =>
        BackendRegistry.All.SelectMany(d => d.Options).Where(o => !o.Name.Equals("root", StringComparison.OrdinalIgnoreCase));

    private static Type ClrType(BackendOptionDescriptor option) => option.Type switch
    {
        _ when option.IsSecret => typeof(object),
        BackendOptionType.Boolean => typeof(SwitchParameter),
        BackendOptionType.Integer => typeof(long),
        BackendOptionType.Size => typeof(string),
        BackendOptionType.Duration => typeof(string),
        _ => typeof(string),
    };

    private static object? Unwrap(object? value) => value switch
    {
        PSObject wrapped => Unwrap(wrapped.BaseObject),
        SwitchParameter flag => flag.IsPresent,
        System.Security.SecureString secure => new System.Net.NetworkCredential(string.Empty, secure).Password,
        _ => value,
    };
}
