using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>One checked answer: <see cref="Choice"/> for choices and scales, <see cref="Number"/>, or <see cref="Text"/>.</summary>
public sealed record AnswerValue(int? Choice = null, int? Number = null, string? Text = null);

/// <summary>A question's answer as checked: the value (null when empty and allowed) or the word key of the error.</summary>
public sealed record AnswerCheck(AnswerValue? Value, string? Error);

/// <summary>
/// Reads and checks answers as the cards send them. Card inputs are named "q{questionId}" and arrive as strings:
/// a single choice or scale "2", a multiple choice "0,3" (option indexes), a number "3", a text. The draft keeps the
/// same strings per question (JSON object id → string), so going back shows exactly what the person typed. Every
/// payload is untrusted: an index outside the options, a number outside the range, a text too long is an error under
/// the field, never a stored value.
/// </summary>
public static class SurveyAnswers
{
    public static string InputId(long questionId) => "q" + questionId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The raw string a card sent for a question (a number input may come as a JSON number), or null.</summary>
    public static string? Read(JsonObject? data, SurveyQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (data?[InputId(question.Id)] is not JsonValue v) return null;
        return v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.True or JsonValueKind.False => null,
            _ => null,
        };
    }

    /// <summary>Checks one raw answer. Closed questions must be answered; free text may be empty.</summary>
    public static AnswerCheck Check(SurveyQuestion q, string? raw)
    {
        ArgumentNullException.ThrowIfNull(q);
        var text = raw?.Trim() ?? "";
        // Nothing ticked is an answer to a multiple choice ("none of these"). Requiring a tick would let anyone subtract
        // the people from the option counts: with two options, ticked A + ticked B - everyone = ticked both, which
        // can be 1 to 4 people. With "none" possible the option counts cannot be combined into any such group.
        if (text.Length == 0 && q.Kind == QuestionKind.MultipleChoice) return new AnswerCheck(new AnswerValue(Choice: 0), null);
        if (text.Length == 0)
            return q.Kind == QuestionKind.FreeText ? new AnswerCheck(null, null) : new AnswerCheck(null, "surveys.answer.error.required");
        var options = q.OptionList().Count;
        switch (q.Kind)
        {
            case QuestionKind.SingleChoice:
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < options
                    ? new AnswerCheck(new AnswerValue(Choice: i), null)
                    : new AnswerCheck(null, "surveys.answer.error.choice");
            case QuestionKind.MultipleChoice:
                var mask = 0;
                foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var o) || o < 0 || o >= options || o > 30)
                        return new AnswerCheck(null, "surveys.answer.error.choice");
                    mask |= 1 << o;
                }
                return new AnswerCheck(new AnswerValue(Choice: mask), null);
            case QuestionKind.Scale:
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 5
                    ? new AnswerCheck(new AnswerValue(Choice: s), null)
                    : new AnswerCheck(null, "surveys.answer.error.choice");
            case QuestionKind.Number:
                // Teams sends "3" or 3; "3.0" from a number input is still a whole number.
                if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
                    || Math.Abs(d - Math.Round(d)) > 1e-9 || Math.Abs(d) > 1_000_000)
                    return new AnswerCheck(null, "surveys.answer.error.number");
                var n = (int)Math.Round(d);
                return (q.Min is { } min && n < min) || (q.Max is { } max && n > max)
                    ? new AnswerCheck(null, "surveys.answer.error.range")
                    : new AnswerCheck(new AnswerValue(Number: n), null);
            case QuestionKind.FreeText:
                return text.Length > Math.Min(q.MaxLength, SurveyLimits.FreeText)
                    ? new AnswerCheck(null, "surveys.answer.error.tooLong")
                    : new AnswerCheck(new AnswerValue(Text: text), null);
            default:
                return new AnswerCheck(null, "surveys.answer.error.choice");
        }
    }

    /// <summary>All questions checked: the values to store, or the errors per question id (empty when all is well).</summary>
    public static (Dictionary<long, AnswerValue> Values, Dictionary<long, string> Errors) CheckAll(
        IEnumerable<SurveyQuestion> questions, IReadOnlyDictionary<long, string> raw)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(raw);
        var values = new Dictionary<long, AnswerValue>();
        var errors = new Dictionary<long, string>();
        foreach (var q in questions)
        {
            var check = Check(q, raw.GetValueOrDefault(q.Id));
            if (check.Error is not null) errors[q.Id] = check.Error;
            else if (check.Value is not null) values[q.Id] = check.Value;
        }
        return (values, errors);
    }

    /// <summary>The draft's answers: question id → the string the card sent.</summary>
    public static Dictionary<long, string> ReadDraft(string json)
    {
        var result = new Dictionary<long, string>();
        if (string.IsNullOrEmpty(json)) return result;
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [])
            if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) result[id] = value;
        return result;
    }

    public static string WriteDraft(IReadOnlyDictionary<long, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return JsonSerializer.Serialize(answers.ToDictionary(a => a.Key.ToString(CultureInfo.InvariantCulture), a => a.Value));
    }
}
