using System.Text;
using System.Text.RegularExpressions;

namespace Omnistorage.HelpBuilder;

/// <summary>
/// Turns markdown inline markup into the plain text Get-Help prints: code spans keep their content verbatim, emphasis
/// markers disappear, links become their text (followed by the address when it is an absolute web address a reader
/// could open) and backslash escapes resolve to the escaped character.
/// </summary>
internal static partial class InlineText
{
    // Private-use characters cannot occur in the help sources, so they safely bracket protected fragments.
    private const char ProtectStart = '\uE000';
    private const char ProtectEnd = '\uE001';

    public static string ToPlainText(string markdown)
    {
        var protectedFragments = new List<string>();
        string Protect(string fragment)
        {
            protectedFragments.Add(fragment);
            return $"{ProtectStart}{protectedFragments.Count - 1}{ProtectEnd}";
        }

        var text = ProtectCodeSpans(markdown, Protect);
        text = BackslashEscape().Replace(text, match => Protect(match.Groups[1].Value));
        text = AutoLink().Replace(text, match => Protect(match.Groups[1].Value));
        text = Image().Replace(text, match => match.Groups["text"].Value);
        text = Link().Replace(text, match =>
        {
            var linkText = match.Groups["text"].Value;
            var target = match.Groups["uri"].Value;
            var showTarget = IsWebAddress(target) && !string.Equals(Restore(linkText, protectedFragments), target, StringComparison.Ordinal);
            return showTarget ? linkText + " (" + Protect(target) + ")" : linkText;
        });
        text = StrongEmphasis().Replace(text, "${content}");
        text = StarEmphasis().Replace(text, "${content}");
        text = UnderscoreEmphasis().Replace(text, "${content}");
        return Restore(text, protectedFragments);
    }

    /// <summary>Whether a link target is an absolute http(s) address, as opposed to a relative link between pages.</summary>
    public static bool IsWebAddress(string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string ProtectCodeSpans(string text, Func<string, string> protect)
    {
        var builder = new StringBuilder(text.Length);
        var position = 0;
        while (position < text.Length)
        {
            if (text[position] == '\\' && position + 1 < text.Length && text[position + 1] == '`')
            {
                builder.Append(protect("`"));
                position += 2;
                continue;
            }

            if (text[position] != '`')
            {
                builder.Append(text[position]);
                position++;
                continue;
            }

            var runLength = 0;
            while (position + runLength < text.Length && text[position + runLength] == '`')
            {
                runLength++;
            }

            var fence = new string('`', runLength);
            var closing = FindClosingRun(text, position + runLength, runLength);
            if (closing < 0)
            {
                // An unmatched backtick run is literal text (CommonMark).
                builder.Append(fence);
                position += runLength;
                continue;
            }

            var content = text[(position + runLength)..closing];
            if (content.Length >= 2 && content[0] == ' ' && content[^1] == ' ' && content.Trim().Length > 0)
            {
                content = content[1..^1];
            }

            builder.Append(protect(content));
            position = closing + runLength;
        }

        return builder.ToString();
    }

    private static int FindClosingRun(string text, int start, int runLength)
    {
        var position = start;
        while (position < text.Length)
        {
            if (text[position] != '`')
            {
                position++;
                continue;
            }

            var length = 0;
            while (position + length < text.Length && text[position + length] == '`')
            {
                length++;
            }

            if (length == runLength)
            {
                return position;
            }

            position += length;
        }

        return -1;
    }

    private static string Restore(string text, List<string> fragments)
    {
        // Fragments may themselves contain markers (a link target protected inside link text), so restore until stable.
        var restored = text;
        while (restored.Contains(ProtectStart, StringComparison.Ordinal))
        {
            restored = ProtectedFragment().Replace(restored, match => fragments[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return restored;
    }

    [GeneratedRegex(@"\\([!""#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")]
    private static partial Regex BackslashEscape();

    [GeneratedRegex(@"<((?:https?|mailto):[^\s<>]+)>")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"!\[(?<text>[^\]]*)\]\((?<uri>[^)\s]*)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(?<marker>\*\*|__)(?=\S)(?<content>.+?)(?<=\S)\k<marker>")]
    private static partial Regex StrongEmphasis();

    [GeneratedRegex(@"(?<![\w*\\])\*(?=[^\s*])(?<content>[^*]+?)(?<=[^\s*])\*(?![\w*])")]
    private static partial Regex StarEmphasis();

    [GeneratedRegex(@"(?<![\w_])_(?=[^\s_])(?<content>[^_]+?)(?<=[^\s_])_(?![\w_])")]
    private static partial Regex UnderscoreEmphasis();

    [GeneratedRegex("\uE000(\\d+)\uE001")]
    private static partial Regex ProtectedFragment();
}
