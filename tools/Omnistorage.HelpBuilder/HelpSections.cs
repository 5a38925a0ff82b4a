using System.Text.RegularExpressions;

namespace Omnistorage.HelpBuilder;

/// <summary>A heading and the blocks under it up to the next heading of the same or a higher level.</summary>
internal sealed record HelpSection(HeadingBlock Heading, IReadOnlyList<MarkdownBlock> Blocks);

/// <summary>Helpers shared by the cmdlet page parser and the about topic writer.</summary>
internal static partial class HelpSections
{
    /// <summary>Splits <paramref name="blocks"/> at headings of <paramref name="level"/>; blocks before the first such heading are returned separately.</summary>
    public static (IReadOnlyList<MarkdownBlock> Preamble, IReadOnlyList<HelpSection> Sections) Split(IReadOnlyList<MarkdownBlock> blocks, int level)
    {
        var preamble = new List<MarkdownBlock>();
        var sections = new List<HelpSection>();
        HeadingBlock? current = null;
        var body = new List<MarkdownBlock>();
        foreach (var block in blocks)
        {
            if (block is HeadingBlock heading && heading.Level <= level)
            {
                if (current is not null)
                {
                    sections.Add(new HelpSection(current, body.ToArray()));
                }
                else
                {
                    preamble.AddRange(body);
                }

                body.Clear();
                current = heading.Level == level ? heading : null;
                if (current is null)
                {
                    // A higher-level heading ends the run of sections; its content is not part of any of them.
                    preamble.Add(heading);
                }

                continue;
            }

            body.Add(block);
        }

        if (current is not null)
        {
            sections.Add(new HelpSection(current, body.ToArray()));
        }
        else
        {
            preamble.AddRange(body);
        }

        return (preamble, sections);
    }

    /// <summary>
    /// The MAML paragraphs for a run of blocks: one per markdown paragraph, list item or table row, with inline markup
    /// removed; a code block becomes one paragraph whose lines are indented by four spaces; deeper headings become
    /// paragraphs of their own.
    /// </summary>
    public static IReadOnlyList<string> Paragraphs(IEnumerable<MarkdownBlock> blocks)
    {
        var paragraphs = new List<string>();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ParagraphBlock paragraph:
                    paragraphs.AddRange(MarkdownDocument.LogicalLines(paragraph).Select(InlineText.ToPlainText));
                    break;
                case CodeBlock code:
                    paragraphs.Add(string.Join("\n", code.Lines.Select(line => line.Length == 0 ? line : "    " + line)));
                    break;
                case HeadingBlock heading:
                    paragraphs.Add(InlineText.ToPlainText(heading.Text));
                    break;
            }
        }

        return paragraphs;
    }

    /// <summary>Whether the text is one of platyPS's <c>{{ Fill in the Synopsis }}</c> placeholders.</summary>
    public static bool IsPlaceholder(string text) => Placeholder().IsMatch(text);

    [GeneratedRegex(@"^\s*\{\{.*\}\}\s*$", RegexOptions.Singleline)]
    private static partial Regex Placeholder();
}
