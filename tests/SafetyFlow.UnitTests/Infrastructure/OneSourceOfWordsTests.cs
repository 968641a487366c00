using System.Text;
using SafetyFlow.UnitTests.Workflows;

namespace SafetyFlow.UnitTests.Infrastructure;

/// <summary>
/// Every word SafetyFlow shows or writes in Chinese comes from <c>Ui</c>'s text tables: a Chinese sentence written into
/// a page model, a message, a digest or a PDF would have no English twin and would drift from the rest.
/// </summary>
public sealed class OneSourceOfWordsTests
{
    /// <summary>
    /// The files whose Chinese string literals are meant: the text tables themselves (each key with its Chinese and its
    /// English), and the generated migrations (their snapshots repeat what the model says, never words of their own).
    /// The web app holds no demo or seed data with Chinese names; such data would be listed here, with its reason.
    /// </summary>
    private static readonly string[] Allowed =
    [
        "Infrastructure/Ui.cs",
        "Infrastructure/UiFindingTexts.cs",
        "Infrastructure/UiMessageTexts.cs",
        "Infrastructure/UiOutputTexts.cs",
        "Infrastructure/UiRecordTexts.cs",
        "Data/Migrations/",
    ];

    private static string WebSource { get; } = Path.Combine(Path.GetDirectoryName(WorkflowFolder.RepoWorkflows)!, "src", "SafetyFlow.Web");

    [Fact]
    public void No_code_outside_the_text_tables_writes_Chinese_words()
    {
        var files = Directory.EnumerateFiles(WebSource, "*.cs", SearchOption.AllDirectories)
            .Select(file => (File: file, Relative: Path.GetRelativePath(WebSource, file).Replace('\\', '/')))
            .Where(f => !f.Relative.StartsWith("bin/", StringComparison.Ordinal) && !f.Relative.StartsWith("obj/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);

        var found = files
            .Where(f => !Allowed.Any(allowed => allowed.EndsWith('/') ? f.Relative.StartsWith(allowed, StringComparison.Ordinal) : f.Relative == allowed))
            .SelectMany(f => CjkStringLiterals.In(File.ReadAllText(f.File)).Select(literal => $"{f.Relative}:{literal.Line}: {literal.Text}"))
            .ToList();

        Assert.True(found.Count == 0, "Chinese words outside Ui's text tables (move them into a Ui*Texts.cs table):\n" + string.Join('\n', found));
    }

    [Fact]
    public void Every_allowed_file_exists_so_the_list_does_not_outlive_them()
    {
        Assert.All(Allowed, allowed => Assert.True(
            allowed.EndsWith('/') ? Directory.Exists(Path.Combine(WebSource, allowed)) : File.Exists(Path.Combine(WebSource, allowed)),
            allowed));
    }

    [Theory]
    [InlineData("var a = \"检查\";", 1)]
    [InlineData("var a = zh ? $\"{x}：{y}\" : $\"{x}: {y}\";", 1)]
    [InlineData("var a = @\"一\"\"二\";", 1)]
    [InlineData("var a = $\"{(zh ? \"重大\" : \"major\")} {b}\";", 1)]
    [InlineData("var a = $$\"\"\"\n  {{x}} 超期\n  \"\"\";", 1)]
    [InlineData("var url = \"https://example.com\"; var b = \"隐患\";", 1)]
    [InlineData("// 隐患 in a comment\nvar a = \"x\";", 0)]
    [InlineData("/* 五定 */ var a = \"x\"; /// <summary>挂牌督办</summary>", 0)]
    [InlineData("var separators = new[] { ',', '，' }; var q = '\"';", 0)]
    [InlineData("var a = \"x\"; // \"隐患\"", 0)]
    public void The_scan_finds_Chinese_in_string_literals_and_not_in_comments_or_characters(string source, int expected)
    {
        Assert.Equal(expected, CjkStringLiterals.In(source).Count);
    }

    /// <summary>
    /// A small C# lexer: comments are skipped, character literals (a separator a workbook may be split by, such as the
    /// full-width comma) are input to parse and not words, and string literals of every kind (regular, verbatim, raw,
    /// interpolated, with strings inside their holes) are read for Chinese.
    /// </summary>
    private sealed class CjkStringLiterals
    {
        private readonly string _source;
        private readonly List<(int Line, string Text)> _found = [];
        private int _at;

        private CjkStringLiterals(string source)
        {
            _source = source;
        }

        public static List<(int Line, string Text)> In(string source)
        {
            var lexer = new CjkStringLiterals(source);
            lexer.Code(inHole: false);
            return lexer._found;
        }

        private char Peek(int ahead = 0) => _at + ahead < _source.Length ? _source[_at + ahead] : '\0';

        /// <summary>Reads code up to its end, or inside an interpolation hole up to the brace that closes it.</summary>
        private void Code(bool inHole)
        {
            var depth = 0;
            while (_at < _source.Length)
            {
                var c = Peek();
                if (c == '/' && Peek(1) == '/')
                {
                    SkipPast("\n");
                }
                else if (c == '/' && Peek(1) == '*')
                {
                    SkipPast("*/");
                }
                else if (c == '\'')
                {
                    SkipCharacter();
                }
                else if (StringStartsHere(out var dollars, out var verbatim, out var quotes))
                {
                    StringLiteral(dollars, verbatim, quotes);
                }
                else if (c == '{')
                {
                    depth++;
                    _at++;
                }
                else if (c == '}')
                {
                    if (inHole && depth == 0)
                    {
                        return;
                    }

                    depth--;
                    _at++;
                }
                else
                {
                    _at++;
                }
            }
        }

        private void SkipPast(string end)
        {
            var next = _source.IndexOf(end, _at + 2, StringComparison.Ordinal);
            _at = next < 0 ? _source.Length : next + end.Length;
        }

        private void SkipCharacter()
        {
            _at++;
            while (_at < _source.Length && Peek() != '\'')
            {
                _at += Peek() == '\\' ? 2 : 1;
            }

            _at++;
        }

        /// <summary>Whether a string starts here: its <c>$</c>s, whether it is verbatim, and how many quotes open it.</summary>
        private bool StringStartsHere(out int dollars, out bool verbatim, out int quotes)
        {
            var i = _at;
            dollars = 0;
            verbatim = false;
            while (i < _source.Length && (_source[i] == '$' || _source[i] == '@'))
            {
                dollars += _source[i] == '$' ? 1 : 0;
                verbatim |= _source[i] == '@';
                i++;
            }

            quotes = 0;
            while (i + quotes < _source.Length && _source[i + quotes] == '"')
            {
                quotes++;
            }

            // Two quotes are an empty string; three or more open a raw string.
            quotes = quotes is 1 or 2 ? 1 : quotes;
            return quotes > 0;
        }

        private void StringLiteral(int dollars, bool verbatim, int quotes)
        {
            var line = _source.AsSpan(0, _at).Count('\n') + 1;
            var start = _at;
            while (Peek() is '$' or '@')
            {
                _at++;
            }

            _at += quotes;
            var text = new StringBuilder();
            while (_at < _source.Length)
            {
                var c = Peek();
                if (quotes >= 3 && _source.AsSpan(_at).StartsWith(new string('"', quotes)))
                {
                    _at += quotes;
                    break;
                }

                if (quotes == 1 && c == '"' && !(verbatim && Peek(1) == '"'))
                {
                    _at++;
                    break;
                }

                if (dollars > 0 && c == '{')
                {
                    var run = 0;
                    while (Peek(run) == '{')
                    {
                        run++;
                    }

                    // A raw string's hole opens with as many braces as it has $s; elsewhere {{ is a brace written out.
                    var closers = quotes >= 3 ? dollars : 1;
                    var opens = quotes >= 3 ? run >= dollars : run % 2 == 1;
                    _at += run;
                    if (opens)
                    {
                        Code(inHole: true);
                        _at += closers;
                    }

                    continue;
                }

                if (!verbatim && quotes == 1 && c == '\\')
                {
                    text.Append(c).Append(Peek(1));
                    _at += 2;
                    continue;
                }

                text.Append(c);
                _at++;
            }

            if (text.ToString().Any(IsCjk))
            {
                _found.Add((line, _source[start.._at].ReplaceLineEndings(" ")));
            }
        }

        /// <summary>Han characters and the CJK punctuation and full-width forms that come with them (：，（）【】、).</summary>
        private static bool IsCjk(char c) =>
            c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u3000' and <= '\u303F')
                or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF');
    }
}
