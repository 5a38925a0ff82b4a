using System.Management.Automation;

namespace Omnistorage.PowerShell.Tests.Hosting;

/// <summary>
/// A compiled stand-in for Get-ChildItem (absent from the hosted engine): it calls the provider through the same
/// intrinsics with its own command context, so Ctrl+C (Stop) reaches the provider exactly as with the real cmdlet.
/// Imported from this test assembly by tests that need it.
/// </summary>
[Cmdlet(VerbsCommon.Get, "TestChildItemCount")]
public sealed class GetTestChildItemCountCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Recurse { get; set; }

    protected override void ProcessRecord() => WriteObject(InvokeProvider.ChildItem.Get(Path, Recurse).Count);
}
