using System.Text;
using System.Text.RegularExpressions;

namespace Omnistorage.Sync;

/// <summary>
/// One rclone-style glob compiled to a regular expression, plus what is needed to decide, without listing, whether a
/// directory could contain a path the glob matches.
/// </summary>
internal sealed class GlobPattern
{
    private const RegexOptions BaseOptions = RegexOptions.CultureInvariant | RegexOptions.Singleline;

    // Each wildcard becomes a greedy ".*" or "[^/]*"; with several of them a backtracking engine can take time
    // polynomial in the path length on a path that almost matches ("*a*a*a*b"). Such globs use the linear-time
    // engine, as rclone gets from Go's RE2. Embedded regexes keep the backtracking engine, which supports every
    // construct.
    private const int WildcardsForLinearEngine = 3;

    private GlobPattern(string text, bool anchored, Regex regex, bool endsWithDoubleStar, bool containsRegex,
        bool analysable, Regex[] leadingSegments, int segmentCount, bool hasDeepSegment)
    {
        Text = text;
        Anchored = anchored;
        Regex = regex;
        EndsWithDoubleStar = endsWithDoubleStar;
        ContainsRegex = containsRegex;
        Analysable = analysable;
        LeadingSegments = leadingSegments;
        SegmentCount = segmentCount;
        HasDeepSegment = hasDeepSegment;
    }

    /// <summary>The glob as compiled (after rclone's rewrite of an excluded <c>dir/</c> into <c>dir/**</c>).</summary>
    public string Text { get; }

    /// <summary>True when the glob starts with <c>/</c> and so only matches from the transfer root.</summary>
    public bool Anchored { get; }

    /// <summary>The whole-path matcher.</summary>
    public Regex Regex { get; }

    /// <summary>True when the glob ends with a top-level <c>**</c>, so matching <c>"dir/"</c> implies matching everything below dir.</summary>
    public bool EndsWithDoubleStar { get; }

    /// <summary>True when the glob embeds a <c>{{regex}}</c>, whose structure cannot be analysed.</summary>
    public bool ContainsRegex { get; }

    /// <summary>
    /// True when the per-segment structure below is trustworthy: no embedded regex and no <c>/</c> inside braces.
    /// </summary>
    public bool Analysable { get; }

    /// <summary>Per-segment matchers for the segments before the first segment containing <c>**</c>.</summary>
    public Regex[] LeadingSegments { get; }

    /// <summary>How many <c>/</c>-separated segments the glob has (a trailing <c>/</c> does not add one).</summary>
    public int SegmentCount { get; }

    /// <summary>True when some segment contains <c>**</c> and can therefore span several path segments.</summary>
    public bool HasDeepSegment { get; }

    /// <summary>True for the unanchored glob <c>*</c>, which matches the last segment of every file path.</summary>
    public bool MatchesEveryFile => !Anchored && Text == "*";

    /// <summary>Compiles <paramref name="text"/>; throws <see cref="FormatException"/> describing what is wrong.</summary>
    public static GlobPattern Compile(string text, bool ignoreCase)
    {
        var parser = new Parser(text);
        parser.Run();
        var options = BaseOptions | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) |
                      (parser.Wildcards >= WildcardsForLinearEngine && !parser.ContainsRegex
                          ? RegexOptions.NonBacktracking
                          : RegexOptions.Compiled);
        var regex = CreateRegex(parser, options);

        // Only anchored, analysable globs are ever checked segment by segment (see FilterRule.MayMatchBelow), so the
        // per-segment matchers are compiled only for those.
        var leading = Array.Empty<Regex>();
        if (parser.Anchored && parser.Analysable)
        {
            var fixedCount = parser.FirstDeepSegment < 0 ? parser.Segments.Count : parser.FirstDeepSegment;
            leading = new Regex[fixedCount];

            // These run once per listed directory on one short segment, so the interpreter is fast enough and avoids
            // the cost of compiling to IL for every segment of every rule.
            var segmentOptions = options & ~RegexOptions.Compiled;
            for (var i = 0; i < fixedCount; i++)
            {
                leading[i] = new Regex("^(?:" + parser.Segments[i] + @")\z", segmentOptions);
            }
        }

        return new GlobPattern(text, parser.Anchored, regex, parser.EndsWithDoubleStar, parser.ContainsRegex,
            parser.Analysable, leading, parser.Segments.Count, parser.FirstDeepSegment >= 0);
    }

    /// <summary>
    /// Checks the syntax of <paramref name="text"/> without paying for a compiled matcher; throws
    /// <see cref="FormatException"/> describing what is wrong.
    /// </summary>
    public static void Validate(string text)
    {
        var parser = new Parser(text);
        parser.Run();
        CreateRegex(parser, RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    private static Regex CreateRegex(Parser parser, RegexOptions options)
    {
        var body = (parser.Anchored ? "^" : "(?:^|/)") + parser.Expression + @"\z";
        try
        {
            return new Regex(body, options);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"it is not a valid pattern ({exception.Message})", exception);
        }
    }

    /// <summary>
    /// Translates the glob in one left-to-right pass, building the whole-path expression and, alongside it, one
    /// expression per top-level path segment.
    /// </summary>
    private sealed class Parser(string text)
    {
        private readonly StringBuilder _expression = new();
        private readonly StringBuilder _segment = new();
        private int _braceDepth;
        private bool _segmentIsDeep;

        public bool Anchored { get; private set; }
        public bool EndsWithDoubleStar { get; private set; }
        public bool ContainsRegex { get; private set; }
        public bool Analysable { get; private set; } = true;
        public List<string> Segments { get; } = [];
        public int FirstDeepSegment { get; private set; } = -1;
        public int Wildcards { get; private set; }
        public string Expression => _expression.ToString();

        public void Run()
        {
            var body = text;
            if (body.StartsWith('/'))
            {
                Anchored = true;
                body = body[1..];
            }

            var i = 0;
            while (i < body.Length)
            {
                var c = body[i];
                EndsWithDoubleStar = false;
                switch (c)
                {
                    case '\\':
                        if (i + 1 >= body.Length)
                        {
                            throw new FormatException("it ends with a lone '\\'");
                        }

                        // An escaped '/' still matches a separator, but inside what the parser sees as one segment.
                        Analysable &= body[i + 1] != '/';
                        Append(TranslateEscape(body[i + 1], inClass: false));
                        i += 2;
                        continue;
                    case '*':
                        var stars = 1;
                        while (i + stars < body.Length && body[i + stars] == '*')
                        {
                            stars++;
                        }

                        if (stars > 2)
                        {
                            throw new FormatException("it has more than two '*' in a row");
                        }

                        Wildcards++;
                        if (stars == 1)
                        {
                            Append("[^/]*");
                        }
                        else
                        {
                            Append(".*");
                            _segmentIsDeep = true;
                            EndsWithDoubleStar = _braceDepth == 0 && i + 2 == body.Length;
                        }

                        i += stars;
                        continue;
                    case '?':
                        Append("[^/]");
                        break;
                    case '[':
                        i = ParseClass(body, i);
                        continue;
                    case ']':
                        throw new FormatException("it has a ']' without a matching '['");
                    case '{':
                        if (i + 1 < body.Length && body[i + 1] == '{')
                        {
                            i = ParseEmbeddedRegex(body, i);
                            continue;
                        }

                        _braceDepth++;
                        Append("(?:");
                        break;
                    case '}':
                        if (_braceDepth == 0)
                        {
                            throw new FormatException("it has a '}' without a matching '{'");
                        }

                        _braceDepth--;
                        Append(")");
                        break;
                    case ',':
                        Append(_braceDepth > 0 ? "|" : ",");
                        break;
                    case '/':
                        if (_braceDepth > 0)
                        {
                            // An alternative containing '/' makes the number of path segments variable, so the
                            // per-segment view of the glob would be wrong.
                            Analysable = false;
                            Append("/");
                        }
                        else
                        {
                            EndSegment();
                            _expression.Append('/');
                        }

                        break;
                    default:
                        Append(EscapeLiteral(c));
                        break;
                }

                i++;
            }

            if (_braceDepth > 0)
            {
                throw new FormatException("it has a '{' without a matching '}'");
            }

            // A trailing '/' (a directory rule) ends the last real segment; it does not start an empty one.
            if (_segment.Length > 0 || !text.EndsWith('/') || Segments.Count == 0)
            {
                EndSegment();
            }
        }

        private void Append(string regex)
        {
            _expression.Append(regex);
            _segment.Append(regex);
        }

        private void EndSegment()
        {
            if (_segmentIsDeep && FirstDeepSegment < 0)
            {
                FirstDeepSegment = Segments.Count;
            }

            Segments.Add(_segment.ToString());
            _segment.Clear();
            _segmentIsDeep = false;
        }

        // "{{regex}}" embeds a raw regular expression. As in rclone, when the closing braces run on ("{{a{2}}}") the
        // expression takes all but the last two, so quantifiers can end an embedded expression.
        private int ParseEmbeddedRegex(string body, int start)
        {
            var end = body.IndexOf("}}", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new FormatException("it has a '{{' without a matching '}}'");
            }

            if (_braceDepth == 0)
            {
                while (end + 2 < body.Length && body[end + 2] == '}')
                {
                    end++;
                }
            }

            Append("(?:" + body[(start + 2)..end] + ")");
            ContainsRegex = true;
            Analysable = false;
            return end + 2;
        }

        // Character classes never match '/', like '?' and '*': a negated class excludes it explicitly and a positive
        // class subtracts it, so "[!a]" and "[.-0]" stay inside one path segment.
        private int ParseClass(string body, int start)
        {
            var i = start + 1;
            var negated = i < body.Length && (body[i] == '!' || body[i] == '^');
            if (negated)
            {
                i++;
            }

            var members = new StringBuilder();
            var first = true;

            // A '-' is a range operator only between two single characters; anywhere else it is escaped, so that it
            // can neither join the '/' prepended to a negated class nor extend a range or a named class.
            var afterSingleCharacter = false;
            var inRange = false;
            while (true)
            {
                if (i >= body.Length)
                {
                    throw new FormatException("it has a '[' without a matching ']'");
                }

                var c = body[i];
                if (c == ']' && !first)
                {
                    break;
                }

                first = false;
                if (c == '[' && i + 1 < body.Length && body[i + 1] == ':')
                {
                    var close = body.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        throw new FormatException("it has a '[:' without a matching ':]'");
                    }

                    members.Append(PosixClass(body[(i + 2)..close]));
                    i = close + 2;
                    afterSingleCharacter = false;
                    inRange = false;
                }
                else if (c == '\\')
                {
                    if (i + 1 >= body.Length)
                    {
                        throw new FormatException("it ends with a lone '\\'");
                    }

                    var escaped = body[i + 1];
                    members.Append(TranslateEscape(escaped, inClass: true));
                    i += 2;
                    afterSingleCharacter = !inRange && escaped is not ('d' or 'D' or 's' or 'S' or 'w' or 'W');
                    inRange = false;
                }
                else if (c == '-' && afterSingleCharacter && i + 1 < body.Length && body[i + 1] != ']')
                {
                    members.Append('-');
                    i++;
                    afterSingleCharacter = false;
                    inRange = true;
                }
                else
                {
                    members.Append(EscapeClassMember(c));
                    i++;
                    afterSingleCharacter = !inRange;
                    inRange = false;
                }
            }

            Append(negated ? "[^/" + members + "]" : "[" + members + "-[/]]");
            return i + 1;
        }

        private static string PosixClass(string name) => name switch
        {
            "alpha" => "a-zA-Z",
            "digit" => "0-9",
            "alnum" => "a-zA-Z0-9",
            "upper" => "A-Z",
            "lower" => "a-z",
            "xdigit" => "0-9A-Fa-f",
            "word" => "0-9A-Za-z_",
            "space" => @"\t\n\v\f\r\x20",
            "blank" => @"\t\x20",
            "punct" => @"\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E",
            "cntrl" => @"\x00-\x1F\x7F",
            "print" => @"\x20-\x7E",
            "graph" => @"\x21-\x7E",
            "ascii" => @"\x00-\x7F",
            _ => throw new FormatException($"'[:{name}:]' is not a known character class"),
        };

        // rclone documents "\c" as the literal reserved character c, or a Perl character class (\d \s \w and their
        // negations). The classes use ASCII, as Go's do, and the negated ones do not match '/'.
        private static string TranslateEscape(char c, bool inClass) => c switch
        {
            'd' => inClass ? "0-9" : "[0-9]",
            'D' => inClass ? @"\D" : "[^/0-9]",
            's' => inClass ? @"\t\n\f\r\x20" : @"[\t\n\f\r\x20]",
            'S' => inClass ? @"\S" : @"[^/\t\n\f\r\x20]",
            'w' => inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]",
            'W' => inClass ? @"\W" : "[^/0-9A-Za-z_]",
            _ when char.IsAsciiLetterOrDigit(c) => throw new FormatException($"'\\{c}' is not a supported escape"),
            _ => inClass ? EscapeClassMember(c) : EscapeLiteral(c),
        };

        // Only ASCII punctuation can be a regex metacharacter. Everything else is emitted as is, because .NET rejects
        // a backslash before word characters, which include non-ASCII letters and combining marks.
        private static string EscapeLiteral(char c) =>
            char.IsAscii(c) && !char.IsAsciiLetterOrDigit(c) && c is not ('_' or '/') ? "\\" + c : c.ToString();

        // Inside a class, punctuation is written as \uXXXX: .NET does not accept "\-" as the start of a range.
        private static string EscapeClassMember(char c) =>
            char.IsAscii(c) && !char.IsAsciiLetterOrDigit(c) ? $"\\u{(int)c:X4}" : c.ToString();
    }
}
