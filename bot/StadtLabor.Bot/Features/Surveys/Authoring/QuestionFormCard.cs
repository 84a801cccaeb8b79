using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>The survey a form belongs to: its id, title and the version the save must carry.</summary>
public sealed record SurveyRef(long Id, string Title, int Version);

/// <summary>
/// The card surveys/admin-question: one question of a kind, new or existing, blank, prefilled or back after a refused
/// save with every value as typed, each message under its field and all again above the button. Only the kind's
/// inputs are on it; the breakdown toggle only for single choice, with what a breakdown means.
/// </summary>
public static class QuestionFormCard
{
    /// <param name="number">The question's position (1-based), 0 for a new one.</param>
    public static JsonObject Render(TurnContext turn, SurveyRef survey, long questionId, int number, QuestionInput input, IReadOnlyList<FormError> errors)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        var kindName = QuestionKinds.Name(turn, input.Kind);
        var title = CardText.Plain(survey.Title, SurveyLimits.Title);
        var err = new JsonObject();
        foreach (var field in QuestionInput.Fields)
        {
            var text = string.Join(" ", errors.Where(e => e.Field == field).Select(e => e.Text));
            err[field] = new JsonObject { ["text"] = text, ["shown"] = text.Length > 0 };
        }
        var order = QuestionInput.Fields.ToList();
        return turn.Card("surveys/admin-question", new JsonObject
        {
            ["surveyId"] = survey.Id,
            ["questionId"] = questionId,
            ["version"] = survey.Version,
            ["kind"] = QuestionKinds.Key(input.Kind),
            ["heading"] = number > 0
                ? turn.Format("surveysAuthoring.form.headingEdit", number.ToString(CultureInfo.InvariantCulture), kindName, title)
                : turn.Format("surveysAuthoring.form.headingNew", kindName, title),
            ["kindHint"] = turn.Word("surveysAuthoring.form.kindHint." + QuestionKinds.Key(input.Kind)),
            ["isChoice"] = QuestionKinds.IsChoice(input.Kind),
            ["isSingle"] = input.Kind == QuestionKind.SingleChoice,
            ["isScale"] = input.Kind == QuestionKind.Scale,
            ["isNumber"] = input.Kind == QuestionKind.Number,
            ["isFreeText"] = input.Kind == QuestionKind.FreeText,
            // Typed values go back unchanged as input values (plain text); Input.Number wants a number, so what was
            // no whole number comes back as 0 with its message under it.
            ["form"] = new JsonObject
            {
                ["text"] = input.Text,
                ["options"] = input.Options,
                ["scaleLow"] = input.ScaleLow,
                ["scaleHigh"] = input.ScaleHigh,
                ["min"] = Number(input.Min),
                ["max"] = Number(input.Max),
                ["maxLength"] = Number(input.MaxLength),
                ["breakdown"] = input.Breakdown ? "true" : "false",
            },
            ["err"] = err,
            ["errors"] = new JsonArray([.. errors.OrderBy(e => order.IndexOf(e.Field)).Select(e => (JsonNode)new JsonObject { ["text"] = e.Text })]),
            ["hasErrors"] = errors.Count > 0,
        });
    }

    private static int Number(string typed) =>
        int.TryParse(typed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
