using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Omnistorage.PowerShell.Tests.Hosting;

/// <summary>
/// A PowerShell host that records what a user would see: WhatIf lines, confirmation prompts (answered from
/// <see cref="RecordingHostUserInterface.ChoiceAnswers"/>), progress records, warnings and verbose lines.
/// </summary>
public sealed class RecordingHost : PSHost
{
    private readonly Guid _id = Guid.NewGuid();

    public RecordingHostUserInterface Ui { get; } = new();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId => _id;
    public override string Name => "OmnistorageTestHost";
    public override PSHostUserInterface UI => Ui;
    public override Version Version => new(1, 0);

    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }
}

public sealed class RecordingHostUserInterface : PSHostUserInterface
{
    public ConcurrentQueue<string> Lines { get; } = new();
    public ConcurrentQueue<ProgressRecord> Progress { get; } = new();
    public ConcurrentQueue<string> Prompts { get; } = new();
    public ConcurrentQueue<string> Warnings { get; } = new();
    public ConcurrentQueue<string> Verbose { get; } = new();

    /// <summary>Labels to answer the next confirmation prompts with (for example "&amp;Yes" or "&amp;No"); default: No.</summary>
    public ConcurrentQueue<string> ChoiceAnswers { get; } = new();

    public override PSHostRawUserInterface? RawUI => null;

    public void Clear()
    {
        Lines.Clear();
        Progress.Clear();
        Prompts.Clear();
        Warnings.Clear();
        Verbose.Clear();
        ChoiceAnswers.Clear();
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
        throw new NotSupportedException("The test host does not answer free-form prompts.");

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        Prompts.Enqueue(caption + ": " + message);
        var wanted = ChoiceAnswers.TryDequeue(out var answer) ? answer : "&No";
        for (var i = 0; i < choices.Count; i++)
        {
            if (string.Equals(choices[i].Label, wanted, StringComparison.OrdinalIgnoreCase)) return i;
        }

        throw new InvalidOperationException($"No choice '{wanted}' among {string.Join(", ", choices.Select(c => c.Label))}.");
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
    public override string ReadLine() => throw new NotSupportedException();
    public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
    public override void Write(string value) => Lines.Enqueue(value);
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Lines.Enqueue(value);
    public override void WriteLine(string value) => Lines.Enqueue(value);
    public override void WriteErrorLine(string value) => Lines.Enqueue("ERROR: " + value);
    public override void WriteDebugLine(string message) => Lines.Enqueue("DEBUG: " + message);
    public override void WriteProgress(long sourceId, ProgressRecord record) => Progress.Enqueue(record);
    public override void WriteVerboseLine(string message) => Verbose.Enqueue(message);
    public override void WriteWarningLine(string message) => Warnings.Enqueue(message);
}
