using System.Text.RegularExpressions;

namespace Omnistorage.HelpBuilder;

/// <summary>One block of a markdown document; <see cref="LineNumber"/> is 1-based and points into the source file.</summary>
internal abstract record MarkdownBlock(int LineNumber);

/// <summary>An ATX heading (<c># Title</c> to <c>###### Title</c>).</summary>
internal sealed record HeadingBlock(int Level, string Text, int LineNumber) : MarkdownBlock(LineNumber);

/// <summary>Consecutive non-blank lines that are not a heading or a fence; lines are kept raw (inline markup intact).</summary>
internal sealed record ParagraphBlock(IReadOnlyList<string> Lines, int LineNumber) : MarkdownBlock(LineNumber);

/// <summary>A fenced code block; <see cref="Language"/> is the info string after the fence, or empty.</summary>
internal sealed record CodeBlock(string Language, IReadOnlyList<string> Lines, int LineNumber) : MarkdownBlock(LineNumber);

/// <summary>
/// The block structure of a markdown file, as far as platyPS pages need it: YAML front matter, ATX headings, fenced
/// code blocks and paragraphs. List items and table rows stay inside paragraphs; <see cref="LogicalLines"/> splits them.
/// </summary>
internal sealed partial class MarkdownDocument
{
    private MarkdownDocument(IReadOnlyDictionary<string, string> frontMatter, IReadOnlyList<MarkdownBlock> blocks)
    {
        FrontMatter = frontMatter;
        Blocks = blocks;
    }

    /// <summary>The <c>key: value</c> pairs of the leading <c>---</c> block, keys compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> FrontMatter { get; }

    public IReadOnlyList<MarkdownBlock> Blocks { get; }

    public static MarkdownDocument Parse(string text)
    {
        // Files written on Windows carry CR LF and sometimes a BOM; neither may leak into the help text.
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var frontMatter = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            var closing = Array.FindIndex(lines, 1, line => line.Trim() == "---");
            if (closing > 0)
            {
                for (var i = 1; i < closing; i++)
                {
                    var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        frontMatter[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
                    }
                }

                index = closing + 1;
            }
        }

        var blocks = new List<MarkdownBlock>();
        var paragraph = new List<string>();
        var paragraphStart = 0;

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                blocks.Add(new ParagraphBlock(paragraph.ToArray(), paragraphStart));
                paragraph.Clear();
            }
        }

        while (index < lines.Length)
        {
            var line = lines[index];
            var fence = FenceOpening().Match(line);
            if (fence.Success)
            {
                FlushParagraph();
                var start = index + 1;
                var marker = fence.Groups["fence"].Value;
                var indent = fence.Groups["indent"].Value.Length;
                var code = new List<string>();
                index++;
                while (index < lines.Length && !IsFenceClose(lines[index], marker))
                {
                    code.Add(RemoveIndent(lines[index], indent).TrimEnd());
                    index++;
                }

                // Skip the closing fence; an unclosed fence runs to the end of the file, as in CommonMark.
                index++;
                blocks.Add(new CodeBlock(fence.Groups["info"].Value.Trim(), code, start));
                continue;
            }

            var heading = Heading().Match(line);
            if (heading.Success)
            {
                FlushParagraph();
                blocks.Add(new HeadingBlock(heading.Groups["level"].Value.Length, heading.Groups["text"].Value.Trim(), index + 1));
            }
            else if (string.IsNullOrWhiteSpace(line))
            {
                FlushParagraph();
            }
            else if (!HtmlComment().IsMatch(line))
            {
                if (paragraph.Count == 0)
                {
                    paragraphStart = index + 1;
                }

                paragraph.Add(line.TrimEnd());
            }

            index++;
        }

        FlushParagraph();
        return new MarkdownDocument(frontMatter, blocks);
    }

    /// <summary>
    /// Splits a paragraph into the lines a reader sees: soft-wrapped source lines are joined with a space, while every
    /// list item and table row starts a line of its own.
    /// </summary>
    public static IReadOnlyList<string> LogicalLines(ParagraphBlock paragraph)
    {
        var result = new List<string>();
        var previousWasTableRow = false;
        foreach (var raw in paragraph.Lines)
        {
            var isTableRow = raw.TrimStart().StartsWith('|');
            var startsNewLine = result.Count == 0 || isTableRow || previousWasTableRow || ListItem().IsMatch(raw);
            if (startsNewLine)
            {
                result.Add(isTableRow ? raw.Trim() : raw.TrimStart());
            }
            else
            {
                result[^1] = result[^1] + " " + raw.Trim();
            }

            previousWasTableRow = isTableRow;
        }

        return result;
    }

    /// <summary>The list marker with its trailing space (<c>"- "</c>, <c>"12. "</c>) or empty when the line is no list item.</summary>
    public static string ListMarker(string line)
    {
        var match = ListItem().Match(line);
        return match.Success ? match.Groups["marker"].Value + " " : string.Empty;
    }

    private static bool IsFenceClose(string line, string marker)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= marker.Length && trimmed.All(character => character == marker[0]);
    }

    private static string RemoveIndent(string line, int indent)
    {
        var removable = 0;
        while (removable < indent && removable < line.Length && line[removable] == ' ')
        {
            removable++;
        }

        return line[removable..];
    }

    [GeneratedRegex(@"^(?<indent> {0,3})(?<fence>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex FenceOpening();

    [GeneratedRegex(@"^ {0,3}(?<level>#{1,6})(?:[ \t]+(?<text>.*?))?(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*<!--.*-->\s*$")]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"^\s*(?<marker>[-*+]|\d{1,9}[.)])\s+\S")]
    private static partial Regex ListItem();
}
