namespace StadtLabor.Bot.Cards;

/// <summary>
/// Parses template strings ("Hallo ${userName}") and the expressions inside ${...}. Anything
/// outside our subset throws, so a card that would expand differently here than in Microsoft's
/// engine fails its tests instead of reaching a user.
/// </summary>
internal sealed partial class TemplateParser(string cardName)
{
    private static readonly Dictionary<string, (int Min, int Max)> Functions = new(StringComparer.Ordinal)
    {
        ["count"] = (1, 1), ["empty"] = (1, 1), ["not"] = (1, 1), ["if"] = (3, 3),
        ["concat"] = (1, int.MaxValue), ["string"] = (1, 1),
    };

    private string source = "";
    private string text = "";
    private int pos;

    /// <summary>Null when the string has no ${, so it is copied as it is.</summary>
    public TemplateString? ParseString(string value)
    {
        if (!value.Contains("${", StringComparison.Ordinal)) return null;
        source = value;
        // The reference wraps the string in backticks and parses it as one expression.
        if (value.Contains('`', StringComparison.Ordinal)) Fail("a backtick in a string with ${...} breaks the reference engine");
        var parts = new List<object>();
        var i = 0;
        while (i < value.Length)
        {
            var start = value.IndexOf("${", i, StringComparison.Ordinal);
            var literal = start < 0 ? value[i..] : value[i..start];
            if (literal.Contains('\\', StringComparison.Ordinal)) Fail("backslash escapes in template text are not supported");
            if (literal.Length > 0) parts.Add(literal);
            if (start < 0) break;
            var end = FindClose(value, start + 2);
            parts.Add(ParseExpression(value[(start + 2)..end]));
            i = end + 1;
        }
        return new TemplateString(value, parts);
    }

    private int FindClose(string value, int from)
    {
        char? quote = null;
        for (var i = from; i < value.Length; i++)
        {
            var c = value[i];
            if (quote is not null)
            {
                if (c == '\\') i++;
                else if (c == quote) quote = null;
            }
            else if (c is '\'' or '"') quote = c;
            else if (c == '{') Fail("object literals are not supported");
            else if (c == '}') return i;
        }
        Fail("${ without a closing }");
        return -1;
    }

    private Expr ParseExpression(string expression)
    {
        text = expression;
        pos = 0;
        if (string.IsNullOrWhiteSpace(expression)) Fail("empty ${}");
        var result = ParseOr();
        SkipSpace();
        if (pos < text.Length) Fail($"unexpected '{text[pos..]}'");
        return result;
    }

    private Expr ParseOr() => ParseLeftAssociative(ParseAnd, "||");

    private Expr ParseAnd() => ParseLeftAssociative(ParseRelational, "&&");

    // adaptive-expressions binds == and != tighter than < and >: "1 < 2 == true" is 1 < (2 == true).
    private Expr ParseRelational() => ParseLeftAssociative(ParseEquality, "<=", ">=", "<", ">");

    private Expr ParseEquality() => ParseLeftAssociative(ParseUnary, "==", "!=");

    private Expr ParseLeftAssociative(Func<Expr> operand, params string[] operators)
    {
        var left = operand();
        while (operators.FirstOrDefault(Accept) is { } op) left = new Binary(op, left, operand());
        return left;
    }

    private Expr ParseUnary()
    {
        if (Accept("!")) return new Not(ParseUnary());
        if (Accept("-"))
        {
            if (ParsePrimary() is Literal { Value: double } number) return new Negate(number);
            Fail("unary minus is only supported on numbers");
        }
        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        SkipSpace();
        if (pos >= text.Length) Fail("expression ends too early");
        var c = text[pos];
        if (c == '(')
        {
            pos++;
            var inner = ParseOr();
            Expect(")");
            return inner;
        }
        if (c is '\'' or '"') return new Literal(ReadString(c));
        if (char.IsAsciiDigit(c)) return new Literal(ReadNumber());
        var name = ReadIdentifier();
        switch (name)
        {
            case "true": return new Literal(true);
            case "false": return new Literal(false);
            case "null": return new Literal(null);
        }
        SkipSpace();
        if (pos < text.Length && text[pos] == '(') return ParseCall(name);
        if (name.StartsWith('$') && !IsScopeName(name)) Fail($"'{name}' is not supported (only $root, $data, $index)");
        Expr path = new Member(null, name);
        while (true)
        {
            if (Accept(".")) path = new Member(path, ReadIdentifier());
            else if (Accept("["))
            {
                path = new Element(path, ParseOr());
                Expect("]");
            }
            else return path;
        }
    }

    private Expr ParseCall(string name)
    {
        if (!Functions.TryGetValue(name, out var arity))
            Fail($"unknown function '{name}' (supported: {string.Join(", ", Functions.Keys)})");
        Expect("(");
        var args = new List<Expr>();
        if (!Accept(")"))
        {
            do args.Add(ParseOr()); while (Accept(","));
            Expect(")");
        }
        if (args.Count < arity.Min || args.Count > arity.Max) Fail($"{name}() takes {arity.Min} argument(s), got {args.Count}");
        return name == "not" ? new Not(args[0]) : new Call(name, args);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(string reason) => throw new TemplateException(cardName, source, reason);
}
