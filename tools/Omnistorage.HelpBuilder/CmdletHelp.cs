namespace Omnistorage.HelpBuilder;

/// <summary>Everything Get-Help shows for one cmdlet, parsed from its platyPS page. Text lists hold one paragraph each.</summary>
internal sealed record CmdletHelp(
    string Name,
    string Verb,
    string Noun,
    IReadOnlyList<string> Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<SyntaxHelp> Syntax,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<LinkHelp> Links);

/// <summary>One parameter set: its name (null for the only, unnamed set) and its parameters in syntax order.</summary>
internal sealed record SyntaxHelp(string? SetName, bool IsDefault, IReadOnlyList<string> ParameterNames);

/// <summary>A documented parameter with one metadata block per group of parameter sets that share its attributes.</summary>
internal sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterMetadata> Metadata)
{
    /// <summary>The attributes that apply in <paramref name="setName"/>: the block naming the set, else the one for all sets, else the first.</summary>
    public ParameterMetadata MetadataFor(string? setName) =>
        (setName is null ? null : Metadata.FirstOrDefault(metadata => metadata.ParameterSets.Contains(setName, StringComparer.OrdinalIgnoreCase)))
        ?? Metadata.FirstOrDefault(metadata => metadata.AppliesToAllSets)
        ?? Metadata[0];

    public bool BelongsTo(string setName) =>
        Metadata.Any(metadata => metadata.AppliesToAllSets || metadata.ParameterSets.Contains(setName, StringComparer.OrdinalIgnoreCase));
}

/// <summary>The fields of one <c>```yaml</c> block under a parameter.</summary>
internal sealed record ParameterMetadata(
    string Type,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    bool Required,
    string Position,
    string? DefaultValue,
    string PipelineInput,
    bool Globbing)
{
    /// <summary>An empty set list stands for <c>Parameter Sets: (All)</c>.</summary>
    public bool AppliesToAllSets => ParameterSets.Count == 0;

    public bool IsSwitch =>
        Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase)
        || Type.Equals("System.Management.Automation.SwitchParameter", StringComparison.OrdinalIgnoreCase)
        || Type.Equals("switch", StringComparison.OrdinalIgnoreCase);
}

/// <summary>An INPUTS or OUTPUTS entry.</summary>
internal sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

/// <summary>An example: its title as written after <c>###</c>, its code and the paragraphs explaining it.</summary>
internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>A related link; <see cref="Uri"/> is empty when the page links to a sibling page rather than a web address.</summary>
internal sealed record LinkHelp(string Text, string Uri);

/// <summary>A problem found in a help source; <see cref="IsError"/> problems stop the build.</summary>
internal sealed record HelpProblem(string File, int Line, string Section, string Message, bool IsError)
{
    public override string ToString()
    {
        var location = Line > 0 ? $"{File}({Line})" : File;
        var severity = IsError ? "error" : "warning";
        return $"{location}: {severity}: [{Section}] {Message}";
    }
}
