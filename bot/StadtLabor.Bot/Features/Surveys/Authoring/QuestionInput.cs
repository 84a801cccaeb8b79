using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>A message for one input of a form card (shown under the field and in the summary above the button).</summary>
public sealed record FormError(string Field, string Text);

/// <summary>
/// What the question form sends (surveysAdmin.saveQuestion), kept as typed so a refused form comes back unchanged:
/// text, options (one per line), scale labels, number range, free-text length, breakdown. Only the inputs of the
/// kind count; the rest are ignored (an edited payload with extra fields changes nothing).
/// </summary>
public sealed record QuestionInput(QuestionKind Kind, string Text, string Options, string ScaleLow, string ScaleHigh, string Min, string Max,
    string MaxLength, bool Breakdown)
{
    public const int MinText = 5;
    public const int MinFreeTextLength = 20;
    public const int NumberLimit = 1_000_000;

    /// <summary>The inputs in card order: the summary lists messages in the same order.</summary>
    public static IReadOnlyList<string> Fields { get; } = ["text", "options", "scaleLow", "scaleHigh", "min", "max", "maxLength", "breakdown"];

    public static QuestionInput Blank(QuestionKind kind) =>
        new(kind, "", "", "", "", kind == QuestionKind.Number ? "0" : "", kind == QuestionKind.Number ? "10" : "",
            SurveyLimits.FreeText.ToString(CultureInfo.InvariantCulture), false);

    public static QuestionInput Of(SurveyQuestion q)
    {
        ArgumentNullException.ThrowIfNull(q);
        return new(q.Kind, q.Text, string.Join("\n", q.OptionList()), q.ScaleLow, q.ScaleHigh,
            Whole(q.Min), Whole(q.Max), q.MaxLength.ToString(CultureInfo.InvariantCulture), q.IsBreakdown);
    }

    private static string Whole(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>The card's inputs; every text is cut to what a card can hold (longer is an error anyway).</summary>
    public static QuestionInput Read(QuestionKind kind, JsonObject data)
    {
        string T(string key, int max)
        {
            var s = CardInput.Text(data, key);
            return s.Length > max ? s[..max] : s;
        }
        // Input.Number arrives as a string or a number: both read as the digits typed.
        string N(string key) => CardInput.WholeNumber(data, key) is { } n ? n.ToString(CultureInfo.InvariantCulture) : T(key, 20);
        return new(kind, T("text", SurveyLimits.QuestionText + 100), T("options", SurveyLimits.Options + 500), T("scaleLow", 200), T("scaleHigh", 200),
            N("min"), N("max"), N("maxLength"), CardInput.Flag(data, "breakdown"));
    }

    /// <summary>The options as lines: trimmed, blank lines dropped.</summary>
    public IReadOnlyList<string> OptionLines() =>
        [.. Options.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    /// <summary>
    /// Checks the kind's rules; <paramref name="breakdownsOfOthers"/> counts the other questions of the survey that
    /// are declared breakdowns (the limit of four). Messages are words, each for its field.
    /// </summary>
    public IReadOnlyList<FormError> Check(TurnContext turn, int breakdownsOfOthers)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var errors = new List<FormError>();
        void Add(string field, string key, params object?[] args) =>
            errors.Add(new(field, args.Length == 0 ? turn.Word("surveysAuthoring.error." + key) : turn.Format("surveysAuthoring.error." + key, args)));

        if (Text.Length is < MinText or > SurveyLimits.QuestionText) Add("text", "text");
        switch (Kind)
        {
            case QuestionKind.SingleChoice or QuestionKind.MultipleChoice:
                var lines = OptionLines();
                if (lines.Count is < 2 or > SurveyLimits.MaxOptions) Add("options", "optionsCount");
                else if (lines.Any(l => l.Length > SurveyLimits.OptionText)) Add("options", "optionTooLong");
                else if (lines.GroupBy(l => l, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
                    Add("options", "optionDuplicate", CardText.Plain(twice.Key));
                break;
            case QuestionKind.Scale:
                if (ScaleLow.Length is < 1 or > SurveyLimits.ScaleLabel) Add("scaleLow", "scaleLow");
                if (ScaleHigh.Length is < 1 or > SurveyLimits.ScaleLabel) Add("scaleHigh", "scaleHigh");
                break;
            case QuestionKind.Number:
                var min = Bounded(Min);
                var max = Bounded(Max);
                if (min is null) Add("min", "min");
                if (max is null) Add("max", "max");
                if (min is not null && max is not null && min >= max) Add("max", "minMax");
                break;
            case QuestionKind.FreeText:
                if (Bounded(MaxLength) is not (>= MinFreeTextLength and <= SurveyLimits.FreeText)) Add("maxLength", "maxLength");
                break;
        }
        if (Breakdown && Kind != QuestionKind.SingleChoice) Add("breakdown", "breakdownKind");
        else if (Breakdown && breakdownsOfOthers >= SurveyLimits.MaxBreakdowns) Add("breakdown", "breakdownLimit");
        return errors;
    }

    private static int? Bounded(string s) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && Math.Abs((long)n) <= NumberLimit ? n : null;

    /// <summary>Writes a checked input onto the question (the breakdown slot is the caller's: it needs the survey's other slots).</summary>
    public void ApplyTo(SurveyQuestion q)
    {
        ArgumentNullException.ThrowIfNull(q);
        q.Kind = Kind;
        q.Text = Text;
        q.Options = SurveyQuestion.ToOptions(QuestionKinds.IsChoice(Kind) ? OptionLines() : []);
        q.ScaleLow = Kind == QuestionKind.Scale ? ScaleLow : "";
        q.ScaleHigh = Kind == QuestionKind.Scale ? ScaleHigh : "";
        q.Min = Kind == QuestionKind.Number ? Bounded(Min) : null;
        q.Max = Kind == QuestionKind.Number ? Bounded(Max) : null;
        q.MaxLength = Kind == QuestionKind.FreeText ? Bounded(MaxLength) ?? SurveyLimits.FreeText : SurveyLimits.FreeText;
    }
}
