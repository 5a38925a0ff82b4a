using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Provider;
using Omnistorage.PowerShell.Internal;

namespace Omnistorage.PowerShell.Provider;

// Get-ItemProperty and Set-ItemProperty: an object's descriptive properties and its user metadata. Metadata values
// appear under their own names. Only LastWriteTime can be changed in place (where the backend can set modification
// times); object stores rewrite metadata only with the object, so other changes are refused rather than emulated.
public sealed partial class OmniProvider : IPropertyCmdletProvider
{
    private static readonly string[] DescriptiveProperties = ["Length", "LastWriteTime", "LastWriteTimeUtc", "ContentType", "ETag", "VersionId", "IsContainer"];

    /// <inheritdoc />
    public void GetProperty(string path, Collection<string>? providerSpecificPickList)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            using var bridge = NewBridge();
            var item = new OmniItem(Stat(bridge, drive, storagePath), drive.Root, drive.Backend);
            var all = new List<(string Name, object? Value)>
            {
                ("Length", item.Length), ("LastWriteTime", item.LastWriteTime), ("LastWriteTimeUtc", item.LastWriteTimeUtc),
                ("ContentType", item.ContentType), ("ETag", item.ETag), ("VersionId", item.VersionId), ("IsContainer", item.IsContainer),
            };
            foreach (var (key, value) in item.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                if (!DescriptiveProperties.Contains(key, StringComparer.OrdinalIgnoreCase)) all.Add((key, value));
            }

            var result = new PSObject();
            var wanted = providerSpecificPickList is { Count: > 0 } ? providerSpecificPickList : null;
            foreach (var (name, value) in all)
            {
                if (wanted is null || wanted.Any(w => new WildcardPattern(w, System.Management.Automation.WildcardOptions.IgnoreCase).IsMatch(name)))
                {
                    result.Properties.Add(new PSNoteProperty(name, value));
                }
            }

            WritePropertyObject(result, path);
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
        }
    }

    /// <inheritdoc />
    public object? GetPropertyDynamicParameters(string path, Collection<string>? providerSpecificPickList) => null;

    /// <inheritdoc />
    public void SetProperty(string path, PSObject propertyValue)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            foreach (var property in propertyValue.Properties)
            {
                if (!property.Name.Equals("LastWriteTime", StringComparison.OrdinalIgnoreCase) && !property.Name.Equals("LastWriteTimeUtc", StringComparison.OrdinalIgnoreCase))
                {
                    throw new StorageException(StorageErrorCode.Unsupported,
                        $"Only LastWriteTime can be set on an existing object; '{property.Name}' is stored with the object's content and changes only when it is written again (Copy-Item or Set-Content).",
                        drive.Backend, storagePath);
                }

                var time = LanguagePrimitives.ConvertTo<DateTime>(property.Value);
                var utc = property.Name.EndsWith("Utc", StringComparison.OrdinalIgnoreCase) || time.Kind == DateTimeKind.Utc
                    ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
                    : time.ToUniversalTime();
                if (!ShouldProcess(path, $"Set LastWriteTime to {utc:O}")) continue;
                using var bridge = NewBridge();
                bridge.Run(ct => drive.Store.SetModificationTimeAsync(storagePath, new DateTimeOffset(utc), ct));
                GetProperty(path, [property.Name]);
            }
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
        }
    }

    /// <inheritdoc />
    public object? SetPropertyDynamicParameters(string path, PSObject propertyValue) => null;

    /// <inheritdoc />
    public void ClearProperty(string path, Collection<string> propertyToClear) =>
        WriteFailure(new StorageException(StorageErrorCode.Unsupported, "Object properties cannot be cleared in place; write the object again without them."), path);

    /// <inheritdoc />
    public object? ClearPropertyDynamicParameters(string path, Collection<string> propertyToClear) => null;
}
