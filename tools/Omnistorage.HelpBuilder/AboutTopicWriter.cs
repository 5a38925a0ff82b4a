using System.Text;
using System.Text.RegularExpressions;

namespace Omnistorage.HelpBuilder;

/// <summary>
/// Renders a platyPS about topic as the plain text PowerShell's Get-Help prints for about_* topics: section headings
/// in upper case at the margin, body text indented four spaces and wrapped at 80 columns, code indented four more
/// spaces, tables aligned in columns and all markdown markup removed.
/// </summary>
internal static partial class AboutTopicWriter
{
    public const int LineWidth = 80;
    private const string BodyIndent = "    ";
    private const string CodeIndent = "        ";
    private const int MinimumWrappedColumn = 24;

    /// <summary>Returns the topic text, or null when the topic has errors (they are in <paramref name="problems"/>).</summary>
    public static string? Render(string fileName, string markdown, List<HelpProblem> problems)
    {
        var topicName = Path.GetFileNameWithoutExtension(fileName);
        var document = MarkdownDocument.Parse(markdown);
        var errorsBefore = problems.Count(problem => problem.IsError);
        var output = new StringBuilder();
        output.Append("TOPIC\n").Append(BodyIndent).Append(topicName).Append('\n');

        var sawTitle = false;
        var sectionNames = new List<string>();

        // Tracks whether the next block follows a heading directly (no blank line then) or follows other text.
        var afterHeading = false;
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case HeadingBlock { Level: 1 } title when !sawTitle:
                    sawTitle = true;
                    if (!title.Text.Trim().Equals(topicName, StringComparison.OrdinalIgnoreCase))
                    {
                        problems.Add(new HelpProblem(fileName, title.LineNumber, "title", $"the title '{title.Text}' differs from the topic name '{topicName}' taken from the file name.", IsError: false));
                    }

                    break;
                case HeadingBlock { Level: <= 2 } heading when heading.Text.Trim().Equals(topicName, StringComparison.OrdinalIgnoreCase):
                    // platyPS repeats the topic name as a second-level heading; TOPIC above already shows it.
                    break;
                case HeadingBlock { Level: <= 2 } heading:
                    var sectionName = InlineText.ToPlainText(heading.Text).Trim().ToUpperInvariant();
                    sectionNames.Add(sectionName);
                    output.Append('\n').Append(sectionName).Append('\n');
                    afterHeading = true;
                    break;
                case HeadingBlock heading:
                    var subheading = InlineText.ToPlainText(heading.Text).Trim();
                    output.Append('\n').Append(BodyIndent).Append(subheading).Append('\n');
                    if (heading.Level == 3)
                    {
                        output.Append(BodyIndent).Append('-', subheading.Length).Append('\n');
                    }

                    afterHeading = true;
                    break;
                case ParagraphBlock paragraph:
                    if (!afterHeading)
                    {
                        output.Append('\n');
                    }

                    AppendParagraph(output, MarkdownDocument.LogicalLines(paragraph));
                    afterHeading = false;
                    break;
                case CodeBlock code:
                    // Code always stands apart from the line above it, even a heading, so that it reads as a block.
                    output.Append('\n');

                    foreach (var line in code.Lines)
                    {
                        output.Append(line.Length == 0 ? string.Empty : CodeIndent + line).Append('\n');
                    }

                    afterHeading = false;
                    break;
            }
        }

        foreach (var required in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION" })
        {
            if (!sectionNames.Contains(required))
            {
                problems.Add(new HelpProblem(fileName, 0, required, $"the topic has no '## {required}' section.", IsError: true));
            }
        }

        return problems.Count(problem => problem.IsError) == errorsBefore ? output.ToString() : null;
    }

    private static void AppendParagraph(StringBuilder output, IReadOnlyList<string> lines)
    {
        var index = 0;
        while (index < lines.Count)
        {
            if (lines[index].StartsWith('|'))
            {
                var tableEnd = index;
                while (tableEnd < lines.Count && lines[tableEnd].StartsWith('|'))
                {
                    tableEnd++;
                }

                AppendTable(output, lines.Skip(index).Take(tableEnd - index).ToList());
                index = tableEnd;
                continue;
            }

            var marker = MarkdownDocument.ListMarker(lines[index]);
            var text = InlineText.ToPlainText(LeadingListMarker().Replace(lines[index], string.Empty));
            foreach (var wrapped in Wrap(text, BodyIndent + marker, BodyIndent + new string(' ', marker.Length)))
            {
                output.Append(wrapped).Append('\n');
            }

            index++;
        }
    }

    private static void AppendTable(StringBuilder output, List<string> rows)
    {
        var cells = rows.Select(SplitTableRow).ToList();
        var hasHeader = cells.Count > 1 && cells[1].All(cell => TableSeparatorCell().IsMatch(cell));
        if (hasHeader)
        {
            cells.RemoveAt(1);
        }

        var plain = cells.Select(row => row.Select(cell => InlineText.ToPlainText(cell)).ToList()).ToList();
        var columnCount = plain.Max(row => row.Count);
        var widths = Enumerable.Range(0, columnCount)
            .Select(column => plain.Max(row => column < row.Count ? row[column].Length : 0))
            .ToArray();

        // A table wider than the console keeps its first columns and wraps the last one under itself, as long as
        // that leaves the last column a useful width; otherwise the rows stay long rather than becoming unreadable.
        var lastColumnStart = BodyIndent.Length + widths.Take(columnCount - 1).Sum(width => width + 2);
        var lastColumnRoom = LineWidth - lastColumnStart;
        var wrapLastColumn = widths[^1] > lastColumnRoom && lastColumnRoom >= MinimumWrappedColumn;
        if (wrapLastColumn)
        {
            widths[^1] = lastColumnRoom;
        }

        void AppendRow(IReadOnlyList<string> row)
        {
            var leading = BodyIndent + string.Concat(Enumerable.Range(0, columnCount - 1).Select(column => (column < row.Count ? row[column] : string.Empty).PadRight(widths[column]) + "  "));
            var last = columnCount - 1 < row.Count ? row[columnCount - 1] : string.Empty;
            var lastLines = wrapLastColumn ? Wrap(last, string.Empty, string.Empty, lastColumnRoom).DefaultIfEmpty(string.Empty).ToList() : [last];
            output.Append((leading + lastLines[0]).TrimEnd()).Append('\n');
            foreach (var continuation in lastLines.Skip(1))
            {
                output.Append(new string(' ', leading.Length)).Append(continuation).Append('\n');
            }
        }

        for (var rowIndex = 0; rowIndex < plain.Count; rowIndex++)
        {
            AppendRow(plain[rowIndex]);
            if (rowIndex == 0 && hasHeader)
            {
                AppendRow(widths.Select(width => new string('-', width)).ToList());
            }
        }
    }

    private static List<string> SplitTableRow(string row)
    {
        var trimmed = row.Trim();
        if (trimmed.StartsWith('|'))
        {
            trimmed = trimmed[1..];
        }

        if (trimmed.EndsWith('|') && !trimmed.EndsWith("\\|", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^1];
        }

        // An escaped pipe is part of the cell text, not a column boundary.
        return UnescapedPipe().Split(trimmed).Select(cell => cell.Trim().Replace("\\|", "|", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Greedy word wrap to <see cref="LineWidth"/> columns; a word longer than a line gets a line of its own.</summary>
    internal static IEnumerable<string> Wrap(string text, string firstIndent, string nextIndent, int width = LineWidth)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var line = new StringBuilder(firstIndent);
        var lineHasWord = false;
        foreach (var word in words)
        {
            if (lineHasWord && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear().Append(nextIndent);
                lineHasWord = false;
            }

            if (lineHasWord)
            {
                line.Append(' ');
            }

            line.Append(word);
            lineHasWord = true;
        }

        if (lineHasWord)
        {
            yield return line.ToString();
        }
    }

    [GeneratedRegex(@"^\s*(?:[-*+]|\d{1,9}[.)])\s+")]
    private static partial Regex LeadingListMarker();

    [GeneratedRegex(@"^:?-+:?$")]
    private static partial Regex TableSeparatorCell();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();
}
