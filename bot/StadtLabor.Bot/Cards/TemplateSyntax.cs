namespace StadtLabor.Bot.Cards;

// The expression tree mirrors adaptive-expressions' node kinds, because evaluation differs by
// kind (a path ending in a member is looked up as a whole; one ending in [i] is indexed), and
// ToString() prints what adaptive-expressions prints when it puts a failed expression back
// into the text as ${...}.
internal abstract record Expr
{
    /// <summary>True for a bare literal; "${'x'}" alone then still yields a string, as in the reference.</summary>
    public virtual bool IsConstant => false;
}

internal sealed record Literal(object? Value) : Expr
{
    public override bool IsConstant => true;

    public override string ToString() => Value switch
    {
        string s => "'" + s.Replace("'", "\\'", StringComparison.Ordinal) + "'",
        null => "null",
        _ => JsValues.ToJsString(Value),
    };
}

/// <summary>Unary minus on a number literal; adaptive-expressions treats it as (0 - n).</summary>
internal sealed record Negate(Literal Operand) : Expr
{
    public override string ToString() => $"(0 - {Operand})";
}

/// <summary>name or parent.name.</summary>
internal sealed record Member(Expr? Parent, string Name) : Expr
{
    public override string ToString() => Parent is null ? Name : $"{Parent}.{Name}";
}

/// <summary>instance[key].</summary>
internal sealed record Element(Expr Instance, Expr Key) : Expr
{
    public override string ToString() => $"{Instance}[{Key}]";
}

internal sealed record Not(Expr Operand) : Expr
{
    public override string ToString() => $"!({Operand})";
}

internal sealed record Binary(string Operator, Expr Left, Expr Right) : Expr
{
    public override string ToString() => $"({Left} {Operator} {Right})";
}

internal sealed record Call(string Function, IReadOnlyList<Expr> Arguments) : Expr
{
    public override string ToString() => $"{Function}({string.Join(", ", Arguments)})";
}

/// <summary>A template string: literal text (string) and expressions, in order.</summary>
internal sealed record TemplateString(string Source, IReadOnlyList<object> Parts)
{
    /// <summary>The whole string is one non-literal expression, so it yields a typed value.</summary>
    public Expr? Single => Parts is [Expr e] && !e.IsConstant ? e : null;
}
