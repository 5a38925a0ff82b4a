using System.Management.Automation;
using Omnistorage.PowerShell.Internal;
using Omnistorage.PowerShell.Provider;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>
/// Get-OmniBackend: the registered backends (built-in and those added with Register-OmniBackend), or with -Drive the
/// backends behind Omni drives together with the features their open stores report.
/// </summary>
[Cmdlet(VerbsCommon.Get, "OmniBackend", DefaultParameterSetName = NameSet)]
[OutputType(typeof(OmniBackendInfo))]
public sealed class GetOmniBackendCommand : OmniCmdlet
{
    /// <summary>The error id of a backend name that is not registered.</summary>
    public const string BackendNotFound = "OmniBackendNotFound";

    private const string NameSet = "Name";
    private const string DriveSet = "Drive";

    private readonly HashSet<string> _written = new(StringComparer.OrdinalIgnoreCase);
    private HashSet<string>? _driveParameterNames;

    /// <summary>Backend names; wildcards are expanded. All backends when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BackendNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Names of Omni drives whose backends to describe; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DriveSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(OmniDriveNameCompleter))]
    public string[] Drive { get; set; } = [];

    private HashSet<string> DriveParameterNames =>
        _driveParameterNames ??= new HashSet<string>(DriveParameters.Build().Keys, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        // A built-in backend that failed to register would otherwise just be missing from the list.
        foreach (var failure in BackendRegistry.LoadFailures) WriteWarning($"A built-in backend could not be registered: {failure}");
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == DriveSet) WriteDrives();
        else WriteBackends();
    }

    private void WriteBackends()
    {
        var all = BackendRegistry.All;
        if (Name is null || Name.Length == 0)
        {
            foreach (var descriptor in all) Write(descriptor, null);
            return;
        }

        foreach (var name in Name)
        {
            if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                foreach (var descriptor in all.Where(d => pattern.IsMatch(d.Name))) Write(descriptor, null);
            }
            else if (BackendRegistry.TryGet(name, out var descriptor))
            {
                Write(descriptor, null);
            }
            else
            {
                WriteError(new ErrorRecord(
                    new ItemNotFoundException($"No backend named '{name}' is registered. Registered backends: {string.Join(", ", all.Select(d => d.Name))}. Register-OmniBackend adds backends from an assembly."),
                    BackendNotFound, ErrorCategory.ObjectNotFound, name));
            }
        }
    }

    private void WriteDrives()
    {
        var drives = SessionState.Drive.GetAll().OfType<OmniDriveInfo>().ToList();
        foreach (var requested in Drive)
        {
            var name = requested.TrimEnd(':');
            if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                foreach (var drive in drives.Where(d => pattern.IsMatch(d.Name))) WriteDrive(drive);
                continue;
            }

            var match = drives.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                WriteError(new ErrorRecord(
                    new System.Management.Automation.DriveNotFoundException($"'{name}' is not an Omni drive. Create one with New-PSDrive -Name {name} -PSProvider Omni -Root <uri>."),
                    OmniErrors.NoDrive, ErrorCategory.ObjectNotFound, requested));
                continue;
            }

            WriteDrive(match);
        }
    }

    private void WriteDrive(OmniDriveInfo drive)
    {
        if (BackendRegistry.TryGet(drive.Backend, out var descriptor)) Write(descriptor, drive);
    }

    private void Write(BackendDescriptor descriptor, OmniDriveInfo? drive)
    {
        // A backend named twice (memory, m*) is listed once; drives are each listed, since each has its own features.
        var key = drive is null ? descriptor.Name : descriptor.Name + "\0" + drive.Name;
        if (!_written.Add(key)) return;
        WriteObject(new OmniBackendInfo(descriptor, DriveParameterNames, drive));
    }
}
