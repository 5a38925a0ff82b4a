using System.Globalization;
using System.Text.RegularExpressions;

namespace Omnistorage.HelpBuilder;

/// <summary>
/// Parses one platyPS schema 2.0.0 cmdlet page. Every problem is added to the caller's list (with the file, line and
/// section) instead of stopping at the first one, so that an author sees all of them in one build.
/// </summary>
internal sealed partial class CmdletPageParser
{
    private static readonly string[] KnownSections =
        ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    private readonly string fileName;
    private readonly List<HelpProblem> problems;
    private int errorCount;

    private CmdletPageParser(string fileName, List<HelpProblem> problems)
    {
        this.fileName = fileName;
        this.problems = problems;
    }

    /// <summary>Returns the parsed help, or null when the page has errors (they are in <paramref name="problems"/>).</summary>
    public static CmdletHelp? Parse(string fileName, string markdown, List<HelpProblem> problems)
    {
        var parser = new CmdletPageParser(fileName, problems);
        var help = parser.Parse(MarkdownDocument.Parse(markdown));
        return parser.errorCount == 0 ? help : null;
    }

    private CmdletHelp Parse(MarkdownDocument document)
    {
        var (preamble, sectionList) = HelpSections.Split(document.Blocks, level: 2);
        var title = preamble.OfType<HeadingBlock>().FirstOrDefault(heading => heading.Level == 1);
        var name = title?.Text.Trim() ?? string.Empty;
        if (title is null)
        {
            Error(0, "title", "the page has no '# Verb-Noun' title heading naming the cmdlet.");
        }
        else if (!CmdletName().IsMatch(name))
        {
            Error(title.LineNumber, "title", $"'{name}' is not a cmdlet name of the form Verb-Noun.");
        }
        else if (!string.Equals(Path.GetFileNameWithoutExtension(fileName), name, StringComparison.OrdinalIgnoreCase))
        {
            Warning(title.LineNumber, "title", $"the page documents '{name}' but the file is named '{fileName}'.");
        }

        var sections = new Dictionary<string, HelpSection>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in sectionList)
        {
            if (!KnownSections.Contains(section.Heading.Text))
            {
                // Get-Help has no place for other sections; a misspelt heading would otherwise vanish silently.
                Warning(section.Heading.LineNumber, section.Heading.Text, $"'## {section.Heading.Text}' is not a platyPS section ({string.Join(", ", KnownSections)}); its content is not part of the help.");
            }

            if (!sections.TryAdd(section.Heading.Text, section))
            {
                Error(section.Heading.LineNumber, section.Heading.Text, "the section appears more than once.");
            }
        }

        var synopsis = RequiredText(sections, "SYNOPSIS", title);
        var description = RequiredText(sections, "DESCRIPTION", title);
        var parameters = ParseParameters(sections.GetValueOrDefault("PARAMETERS"));
        var syntax = ParseSyntax(sections.GetValueOrDefault("SYNTAX"), parameters);
        var examples = ParseExamples(sections.GetValueOrDefault("EXAMPLES"), title);
        var inputs = ParseTypes(sections.GetValueOrDefault("INPUTS"));
        var outputs = ParseTypes(sections.GetValueOrDefault("OUTPUTS"));
        var notes = sections.TryGetValue("NOTES", out var notesSection) ? TextOf(notesSection.Blocks, "NOTES") : [];
        var links = ParseLinks(sections.GetValueOrDefault("RELATED LINKS"), document.FrontMatter.GetValueOrDefault("online version"));

        var dash = name.IndexOf('-', StringComparison.Ordinal);
        var verb = dash > 0 ? name[..dash] : name;
        var noun = dash > 0 ? name[(dash + 1)..] : string.Empty;
        return new CmdletHelp(name, verb, noun, synopsis, description, syntax, parameters, inputs, outputs, notes, examples, links);
    }

    private IReadOnlyList<string> RequiredText(Dictionary<string, HelpSection> sections, string sectionName, HeadingBlock? title)
    {
        if (!sections.TryGetValue(sectionName, out var section))
        {
            Error(title?.LineNumber ?? 0, sectionName, $"the page has no '## {sectionName}' section.");
            return [];
        }

        var text = TextOf(section.Blocks, sectionName);
        if (text.Count == 0)
        {
            Error(section.Heading.LineNumber, sectionName, "the section is empty.");
        }

        return text;
    }

    /// <summary>The paragraphs of a section; a leftover platyPS placeholder is an error because Get-Help would show it verbatim.</summary>
    private IReadOnlyList<string> TextOf(IReadOnlyList<MarkdownBlock> blocks, string sectionName)
    {
        foreach (var paragraph in blocks.OfType<ParagraphBlock>())
        {
            if (HelpSections.IsPlaceholder(string.Join(" ", paragraph.Lines)))
            {
                Error(paragraph.LineNumber, sectionName, $"the platyPS placeholder '{string.Join(" ", paragraph.Lines).Trim()}' was never replaced.");
            }
        }

        return HelpSections.Paragraphs(blocks);
    }

    private List<ParameterHelp> ParseParameters(HelpSection? section)
    {
        var parameters = new List<ParameterHelp>();
        if (section is null)
        {
            return parameters;
        }

        var (preamble, entries) = HelpSections.Split(section.Blocks, level: 3);
        if (preamble.Any(block => block is not HeadingBlock))
        {
            Warning(section.Heading.LineNumber, "PARAMETERS", "text before the first '### -Name' heading is ignored.");
        }

        foreach (var entry in entries)
        {
            var heading = entry.Heading.Text.Trim();
            if (heading.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
            {
                // PowerShell describes the common parameters itself; the paragraph in the page is for readers on the web.
                continue;
            }

            var sectionName = "PARAMETERS " + heading;
            if (!heading.StartsWith('-') || heading.Length < 2 || heading.Skip(1).Any(character => !char.IsLetterOrDigit(character) && character != '_'))
            {
                Error(entry.Heading.LineNumber, sectionName, "a parameter heading must be '### -ParameterName'.");
                continue;
            }

            var parameterName = heading[1..];
            if (parameters.Any(parameter => parameter.Name.Equals(parameterName, StringComparison.OrdinalIgnoreCase)))
            {
                Error(entry.Heading.LineNumber, sectionName, "the parameter is documented more than once.");
                continue;
            }

            var yamlBlocks = entry.Blocks.OfType<CodeBlock>().Where(code => code.Language.Equals("yaml", StringComparison.OrdinalIgnoreCase)).ToList();
            if (yamlBlocks.Count == 0)
            {
                Error(entry.Heading.LineNumber, sectionName, "the parameter has no ```yaml block with its Type, Parameter Sets, Required, Position and pipeline input.");
                continue;
            }

            var description = TextOf(entry.Blocks.Where(block => !yamlBlocks.Contains(block)).ToList(), sectionName);
            if (description.Count == 0)
            {
                Warning(entry.Heading.LineNumber, sectionName, "the parameter has no description.");
            }

            var metadata = yamlBlocks.Select(yaml => ParseMetadata(yaml, sectionName)).OfType<ParameterMetadata>().ToList();
            if (metadata.Count == yamlBlocks.Count)
            {
                parameters.Add(new ParameterHelp(parameterName, description, metadata));
            }
        }

        return parameters;
    }

    private ParameterMetadata? ParseMetadata(CodeBlock yaml, string sectionName)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < yaml.Lines.Count; i++)
        {
            var line = yaml.Lines[i];
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                Error(yaml.LineNumber + i, sectionName, $"'{line.Trim()}' is not a 'Key: value' line.");
                return null;
            }

            fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var type = fields.GetValueOrDefault("Type");
        if (string.IsNullOrEmpty(type))
        {
            Error(yaml.LineNumber, sectionName, "the yaml block has no 'Type:'.");
            return null;
        }

        var required = ParseBoolean(fields, "Required", yaml, sectionName);
        var globbing = ParseBoolean(fields, "Accept wildcard characters", yaml, sectionName);
        var position = fields.GetValueOrDefault("Position");
        if (string.IsNullOrEmpty(position) || position.Equals("Named", StringComparison.OrdinalIgnoreCase))
        {
            position = "named";
        }
        else if (!int.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            Error(yaml.LineNumber, sectionName, $"'Position: {position}' must be 'Named' or a number.");
            return null;
        }

        var pipelineInput = fields.GetValueOrDefault("Accept pipeline input");
        if (string.IsNullOrEmpty(pipelineInput))
        {
            pipelineInput = "False";
        }
        else if (!PipelineInput().IsMatch(pipelineInput))
        {
            Error(yaml.LineNumber, sectionName, $"'Accept pipeline input: {pipelineInput}' must be 'False' or 'True (ByValue)', 'True (ByPropertyName)' or 'True (ByPropertyName, ByValue)'.");
            return null;
        }

        var defaultValue = fields.GetValueOrDefault("Default value");
        if (required is null || globbing is null)
        {
            return null;
        }

        var sets = SplitList(fields.GetValueOrDefault("Parameter Sets"));
        if (sets.Count == 1 && sets[0].Equals("(All)", StringComparison.OrdinalIgnoreCase))
        {
            sets = [];
        }

        var aliases = SplitList(fields.GetValueOrDefault("Aliases"));
        if (aliases.Count == 1 && aliases[0].Equals("None", StringComparison.OrdinalIgnoreCase))
        {
            aliases = [];
        }

        return new ParameterMetadata(
            type,
            sets,
            aliases,
            SplitList(fields.GetValueOrDefault("Accepted values")),
            required.Value,
            position,
            string.IsNullOrEmpty(defaultValue) ? null : defaultValue,
            pipelineInput,
            globbing.Value);
    }

    private bool? ParseBoolean(Dictionary<string, string> fields, string key, CodeBlock yaml, string sectionName)
    {
        var value = fields.GetValueOrDefault(key);
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (bool.TryParse(value, out var result))
        {
            return result;
        }

        Error(yaml.LineNumber, sectionName, $"'{key}: {value}' must be True or False.");
        return null;
    }

    private static List<string> SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private List<SyntaxHelp> ParseSyntax(HelpSection? section, List<ParameterHelp> parameters)
    {
        var syntax = new List<SyntaxHelp>();
        if (section is null)
        {
            // Without a SYNTAX section the page still documents its parameters; one syntax line lists them all.
            Warning(0, "SYNTAX", "the page has no '## SYNTAX' section; one syntax line with every parameter is generated.");
            syntax.Add(new SyntaxHelp(null, true, parameters.Select(parameter => parameter.Name).ToList()));
            return syntax;
        }

        string? setName = null;
        var isDefault = false;
        var setHeadingLine = section.Heading.LineNumber;
        foreach (var block in section.Blocks)
        {
            if (block is HeadingBlock heading)
            {
                var text = heading.Text.Trim();
                isDefault = text.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                setName = isDefault ? text[..^"(Default)".Length].Trim() : text;
                setHeadingLine = heading.LineNumber;
                continue;
            }

            if (block is not CodeBlock code)
            {
                continue;
            }

            var sectionName = setName is null ? "SYNTAX" : "SYNTAX " + setName;
            var names = new List<string>();
            foreach (Match match in SyntaxParameter().Matches(string.Join(" ", code.Lines)))
            {
                var written = match.Groups["name"].Value;
                var parameter = parameters.FirstOrDefault(candidate => candidate.Name.Equals(written, StringComparison.OrdinalIgnoreCase));
                if (parameter is null)
                {
                    Warning(code.LineNumber, sectionName, $"the syntax names -{written}, which has no '### -{written}' entry under PARAMETERS; it is left out.");
                }
                else if (!names.Contains(parameter.Name))
                {
                    names.Add(parameter.Name);
                }
            }

            if (setName is not null)
            {
                // A parameter whose yaml puts it in this set belongs to it even when the syntax line forgot it.
                foreach (var parameter in parameters.Where(parameter => !names.Contains(parameter.Name) && parameter.Metadata.Any(metadata => metadata.ParameterSets.Contains(setName, StringComparer.OrdinalIgnoreCase))))
                {
                    Warning(code.LineNumber, sectionName, $"-{parameter.Name} is in this parameter set according to its yaml but missing from the syntax line; it is added.");
                    names.Add(parameter.Name);
                }
            }

            syntax.Add(new SyntaxHelp(setName, isDefault, names));
            setName = null;
            isDefault = false;
        }

        if (syntax.Count == 0)
        {
            Warning(setHeadingLine, "SYNTAX", "the section has no code block; one syntax line with every parameter is generated.");
            syntax.Add(new SyntaxHelp(null, true, parameters.Select(parameter => parameter.Name).ToList()));
        }

        var setNames = syntax.Select(item => item.SetName).OfType<string>().ToList();
        if (setNames.Count > 0)
        {
            foreach (var parameter in parameters)
            {
                foreach (var unknown in parameter.Metadata.SelectMany(metadata => metadata.ParameterSets).Where(set => !setNames.Contains(set, StringComparer.OrdinalIgnoreCase)))
                {
                    Warning(section.Heading.LineNumber, "PARAMETERS -" + parameter.Name, $"'Parameter Sets: {unknown}' names a set that has no '### {unknown}' syntax block.");
                }
            }
        }

        return syntax;
    }

    private List<ExampleHelp> ParseExamples(HelpSection? section, HeadingBlock? title)
    {
        var examples = new List<ExampleHelp>();
        if (section is null)
        {
            Error(title?.LineNumber ?? 0, "EXAMPLES", "the page has no '## EXAMPLES' section; every cmdlet needs at least one example.");
            return examples;
        }

        var (preamble, entries) = HelpSections.Split(section.Blocks, level: 3);
        if (preamble.Any(block => block is not HeadingBlock))
        {
            Error(section.Heading.LineNumber, "EXAMPLES", "content before the first '### Example 1: Title' heading belongs to no example.");
        }

        foreach (var entry in entries)
        {
            var sectionName = "EXAMPLES " + entry.Heading.Text;
            var codeBlocks = entry.Blocks.OfType<CodeBlock>().ToList();
            if (codeBlocks.Count == 0)
            {
                Error(entry.Heading.LineNumber, sectionName, "the example has no code block.");
                continue;
            }

            // platyPS joins the code blocks of one example (typically a command and its output) with a blank line.
            var code = string.Join("\n\n", codeBlocks.Select(block => string.Join("\n", block.Lines)));
            if (code.Trim().Length == 0 || code.Trim() == @"PS C:\>")
            {
                Error(codeBlocks[0].LineNumber, sectionName, "the example's code block is empty.");
                continue;
            }

            if (CodePlaceholder().IsMatch(code))
            {
                Error(codeBlocks[0].LineNumber, sectionName, "the example's code still holds a platyPS '{{ ... }}' placeholder.");
                continue;
            }

            var remarks = TextOf(entry.Blocks.Where(block => block is not CodeBlock).ToList(), sectionName);
            examples.Add(new ExampleHelp(entry.Heading.Text.Trim(), code, remarks));
        }

        if (examples.Count == 0 && entries.Count == 0)
        {
            Error(section.Heading.LineNumber, "EXAMPLES", "the section has no '### Example 1: Title' with a code block; every cmdlet needs at least one example.");
        }

        return examples;
    }

    private List<TypeHelp> ParseTypes(HelpSection? section)
    {
        var types = new List<TypeHelp>();
        if (section is null)
        {
            return types;
        }

        var sectionName = section.Heading.Text.ToUpperInvariant();
        var (preamble, entries) = HelpSections.Split(section.Blocks, level: 3);
        if (preamble.Any(block => block is not HeadingBlock))
        {
            Warning(section.Heading.LineNumber, sectionName, "text before the first '### TypeName' heading is ignored.");
        }

        foreach (var entry in entries)
        {
            types.Add(new TypeHelp(InlineText.ToPlainText(entry.Heading.Text.Trim()), TextOf(entry.Blocks, sectionName + " " + entry.Heading.Text)));
        }

        return types;
    }

    private static List<LinkHelp> ParseLinks(HelpSection? section, string? onlineVersion)
    {
        var links = new List<LinkHelp>();
        if (section is not null)
        {
            foreach (var paragraph in section.Blocks.OfType<ParagraphBlock>())
            {
                foreach (var line in MarkdownDocument.LogicalLines(paragraph))
                {
                    var matches = MarkdownLink().Matches(line);
                    if (matches.Count == 0)
                    {
                        var text = InlineText.ToPlainText(ListMarkerless(line)).Trim();
                        if (text.Length > 0)
                        {
                            links.Add(new LinkHelp(text, string.Empty));
                        }

                        continue;
                    }

                    foreach (Match match in matches)
                    {
                        var target = match.Groups["uri"].Value;

                        // Get-Help -Online opens the first absolute address; relative links between pages mean nothing there.
                        var uri = Uri.TryCreate(target, UriKind.Absolute, out _) ? target : string.Empty;
                        links.Add(new LinkHelp(InlineText.ToPlainText(match.Groups["text"].Value), uri));
                    }
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(onlineVersion)
            && Uri.TryCreate(onlineVersion, UriKind.Absolute, out _)
            && !links.Any(link => link.Uri.Equals(onlineVersion, StringComparison.Ordinal)))
        {
            links.Insert(0, new LinkHelp("Online Version:", onlineVersion));
        }

        return links;
    }

    private static string ListMarkerless(string line) => LeadingListMarker().Replace(line, string.Empty);

    private void Error(int line, string section, string message)
    {
        errorCount++;
        problems.Add(new HelpProblem(fileName, line, section, message, IsError: true));
    }

    private void Warning(int line, string section, string message) =>
        problems.Add(new HelpProblem(fileName, line, section, message, IsError: false));

    [GeneratedRegex(@"^[A-Za-z]+-[A-Za-z0-9]+$")]
    private static partial Regex CmdletName();

    [GeneratedRegex(@"(?<=[\s\[])-(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex SyntaxParameter();

    [GeneratedRegex(@"^(False|True( \((ByValue|ByPropertyName|ByPropertyName, ByValue|ByValue, ByPropertyName)\))?)$", RegexOptions.IgnoreCase)]
    private static partial Regex PipelineInput();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d{1,9}[.)])\s+")]
    private static partial Regex LeadingListMarker();

    /// <summary>platyPS's template text, such as <c>{{ Add example code here }}</c>, which valid PowerShell never contains.</summary>
    [GeneratedRegex(@"\{\{\s*(?:Add|Fill)\b[^}]*\}\}")]
    private static partial Regex CodePlaceholder();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();
}
