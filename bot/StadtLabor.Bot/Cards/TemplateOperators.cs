using static StadtLabor.Bot.Cards.TemplateEvaluator;

namespace StadtLabor.Bot.Cards;

// Operators as adaptive-expressions evaluates them: operands never get the "${path}" substitution,
// errors in operands make comparisons false instead of failing, and anything that is not a
// boolean false, null or undefined counts as true (so 0 and "" are true).
internal static class TemplateOperators
{
    public static Eval Evaluate(Binary binary, Scope scope) => binary.Operator switch
    {
        "&&" => And(binary, scope),
        "||" => Or(binary, scope),
        "==" => Compare(binary, scope, false, (a, b) => new Eval(JsValues.LooseEquals(a, b))),
        "!=" => Compare(binary, scope, false, (a, b) => new Eval(!JsValues.LooseEquals(a, b))),
        _ => Compare(binary, scope, true, (a, b) => Order(binary.Operator, a, b)),
    };

    private static Eval And(Binary binary, Scope scope)
    {
        foreach (var operand in new[] { binary.Left, binary.Right })
        {
            var result = Child(operand, scope, false);
            if (result.Error is not null || !JsValues.IsLogicTrue(result.Value)) return new Eval(false);
        }
        return new Eval(true);
    }

    // Yields the last operand's raw value when nothing is true: "false || null" is null, and a
    // missing last operand is undefined (the property then disappears from the card).
    private static Eval Or(Binary binary, Scope scope)
    {
        object? last = false;
        foreach (var operand in new[] { binary.Left, binary.Right })
        {
            var result = Child(operand, scope, false);
            last = result.Value;
            if (result.Error is null && JsValues.IsLogicTrue(result.Value)) return new Eval(true);
        }
        return new Eval(last);
    }

    private static Eval Compare(Binary binary, Scope scope, bool operandsMustExist, Func<object?, object?, Eval> compare)
    {
        var left = Child(binary.Left, scope, false);
        if (left.Error is not null || operandsMustExist && JsValues.IsNullish(left.Value)) return new Eval(false);
        var right = Child(binary.Right, scope, false);
        if (right.Error is not null || operandsMustExist && JsValues.IsNullish(right.Value)) return new Eval(false);
        return compare(left.Value, right.Value);
    }

    private static Eval Order(string op, object? a, object? b)
    {
        int order;
        if (a is double x && b is double y) order = x.CompareTo(y);
        else if (a is string s && b is string t) order = string.CompareOrdinal(s, t);
        else return new Eval(false, $"{JsValues.ToJsString(a)} and {JsValues.ToJsString(b)} must be comparable.");
        return new Eval(op switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        });
    }
}
