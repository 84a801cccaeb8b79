using System.Globalization;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>
/// The question kinds as cards name them ("singleChoice", ...: the payload's kind and the word keys) and the line
/// the editor shows under a question. A kind from a card is untrusted: anything but the five names is no kind.
/// </summary>
public static class QuestionKinds
{
    public static IReadOnlyList<QuestionKind> All { get; } =
        [QuestionKind.SingleChoice, QuestionKind.MultipleChoice, QuestionKind.Scale, QuestionKind.Number, QuestionKind.FreeText];

    public static string Key(QuestionKind kind) => kind switch
    {
        QuestionKind.SingleChoice => "singleChoice",
        QuestionKind.MultipleChoice => "multipleChoice",
        QuestionKind.Scale => "scale",
        QuestionKind.Number => "number",
        QuestionKind.FreeText => "freeText",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static QuestionKind? Parse(string key) => All.Cast<QuestionKind?>().FirstOrDefault(k => Key(k!.Value) == key);

    public static bool IsChoice(QuestionKind kind) => kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice;

    public static string Name(TurnContext turn, QuestionKind kind) => turn.Word("surveysAuthoring.kind." + Key(kind));

    /// <summary>"Einfachauswahl · Antworten: A, B, C", "Zahl · ganze Zahl von 0 bis 5", ...</summary>
    public static string Detail(TurnContext turn, SurveyQuestion q)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(q);
        var name = Name(turn, q.Kind);
        return q.Kind switch
        {
            QuestionKind.SingleChoice or QuestionKind.MultipleChoice =>
                turn.Format("surveysAuthoring.detail.options", name, CardText.Plain(string.Join(", ", q.OptionList()), 600)),
            QuestionKind.Scale => turn.Format("surveysAuthoring.detail.scale", name, CardText.Plain(q.ScaleLow), CardText.Plain(q.ScaleHigh)),
            QuestionKind.Number => turn.Format("surveysAuthoring.detail.number", name,
                (q.Min ?? 0).ToString("N0", Strings.Culture(turn.Lang)), (q.Max ?? 0).ToString("N0", Strings.Culture(turn.Lang))),
            _ => turn.Format("surveysAuthoring.detail.freeText", name, q.MaxLength.ToString(CultureInfo.InvariantCulture)),
        };
    }
}
