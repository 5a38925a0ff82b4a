using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace Omnistorage.PowerShell.Cmdlets;

/// <summary>Completes backend names (<c>Get-OmniBackend -Name me&lt;Tab&gt;</c> gives <c>memory</c>) from the registry.</summary>
public sealed class BackendNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = CompletionPattern.For(wordToComplete);
        return BackendRegistry.All
            .Where(descriptor => pattern.IsMatch(descriptor.Name))
            .Select(descriptor => new CompletionResult(descriptor.Name, descriptor.Name, CompletionResultType.ParameterValue, descriptor.Description))
            .ToList();
    }
}

/// <summary>Completes the names of Omni drives in the current session (<c>Get-OmniBackend -Drive &lt;Tab&gt;</c>).</summary>
public sealed class OmniDriveNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = CompletionPattern.For(wordToComplete);

        // A completer gets no session state of its own. Completion runs on the pipeline thread of the session being
        // completed in, so a nested command in the current runspace sees that session's drives.
        if (Runspace.DefaultRunspace is null) return [];
        using var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddScript("$ExecutionContext.SessionState.Drive.GetAllForProvider('Omni')");
        var results = new List<CompletionResult>();
        try
        {
            foreach (var drive in shell.Invoke<PSDriveInfo>())
            {
                if (drive is null || !pattern.IsMatch(drive.Name)) continue;
                results.Add(new CompletionResult(drive.Name, drive.Name, CompletionResultType.ParameterValue, drive.Root));
            }
        }
        catch (RuntimeException)
        {
            // The provider is not loaded in this session (the module was removed): nothing to complete.
            return [];
        }

        return results.OrderBy(result => result.CompletionText, StringComparer.OrdinalIgnoreCase).ToList();
    }
}

/// <summary>What a partly typed word matches: names starting with it, or its wildcard pattern when it has one.</summary>
internal static class CompletionPattern
{
    public static WildcardPattern For(string? wordToComplete)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        if (!WildcardPattern.ContainsWildcardCharacters(word)) word = WildcardPattern.Escape(word) + "*";
        return new WildcardPattern(word, WildcardOptions.IgnoreCase);
    }
}
