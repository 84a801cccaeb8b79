using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Answering;

/// <summary>
/// The answering cards: a page of questions (surveys/answer-page) and the end of the way (surveys/answer-done). Shared
/// by opening, paging and sending, so each use case stays one readable file and the card is built in one place.
/// </summary>
public static class AnswerCards
{
    /// <summary>Answers of a page (0-based) as typed, with the error word key per question id where a check failed.</summary>
    public static JsonObject Page(TurnContext turn, AnswerSheet sheet, int page, IReadOnlyDictionary<long, string> answers,
        IReadOnlyDictionary<long, string> errors)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(sheet);
        var questions = new JsonArray();
        var summary = new JsonArray();
        var first = page * sheet.PerPage;
        var onPage = sheet.On(page);
        for (var i = 0; i < onPage.Count; i++)
        {
            var q = onPage[i];
            var number = first + i + 1;
            var error = errors.TryGetValue(q.Id, out var key) ? turn.Word(key) : "";
            if (error.Length > 0) summary.Add(new JsonObject { ["text"] = turn.Format("surveysAnswer.errorLine", number, error) });
            questions.Add(Question(turn, sheet, q, number, answers.GetValueOrDefault(q.Id) ?? "", error));
        }
        var last = page == sheet.PageCount - 1;
        return turn.Card("surveys/answer-page", new JsonObject
        {
            ["waveId"] = sheet.Wave.Id,
            ["page"] = page,
            ["title"] = Title(turn, sheet.Survey.Title, sheet.Wave.Number),
            ["progress"] = turn.Format("surveysAnswer.progress", page + 1, sheet.PageCount),
            // Decoration beside the words ("Seite 2 von 4" says it), so it is no status by symbols alone.
            ["progressBar"] = new string('▰', page + 1) + new string('▱', sheet.PageCount - page - 1),
            ["isFirst"] = page == 0,
            ["closesOn"] = turn.Format("surveysAnswer.closesOn", Wording.Day(turn.Lang, sheet.Wave.ClosesOn)),
            // The invitation's sentence again: someone may come here from "umfragen" without having read it.
            ["privacy"] = turn.Format("surveysLifecycle.invitation.privacy", sheet.MinGroupSize),
            ["questions"] = questions,
            ["errors"] = summary,
            ["hasErrors"] = summary.Count > 0,
            ["isLast"] = last,
            ["hasBack"] = page > 0,
            ["nextTitle"] = turn.Format("surveysAnswer.next", page + 2),
            ["backTitle"] = turn.Format("surveysAnswer.back", page),
        });
    }

    private static JsonObject Question(TurnContext turn, AnswerSheet sheet, SurveyQuestion q, int number, string value, string error)
    {
        var text = turn.Format("surveysAnswer.numbered", number, CardText.Plain(q.Text, SurveyLimits.QuestionText));
        var choices = new JsonArray();
        if (q.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice)
        {
            var options = q.OptionList();
            for (var o = 0; o < options.Count; o++)
                choices.Add(new JsonObject { ["title"] = CardText.Plain(options[o], SurveyLimits.OptionText), ["value"] = o.ToString(CultureInfo.InvariantCulture) });
        }
        else if (q.Kind == QuestionKind.Scale)
        {
            for (var s = 1; s <= 5; s++)
            {
                var end = s == 1 ? q.ScaleLow : s == 5 ? q.ScaleHigh : "";
                var digit = s.ToString(CultureInfo.InvariantCulture);
                choices.Add(new JsonObject
                {
                    ["title"] = end.Length > 0 ? turn.Format("surveysAnswer.scaleEnd", digit, CardText.Plain(end, SurveyLimits.ScaleLabel)) : digit,
                    ["value"] = digit,
                });
            }
        }
        var isNumber = q.Kind == QuestionKind.Number;
        var hasRange = q.Min is not null && q.Max is not null;
        var numberValue = isNumber && int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        return new JsonObject
        {
            ["id"] = SurveyAnswers.InputId(q.Id),
            ["label"] = q.Kind switch
            {
                // Where the words will go, said where they are typed (the survey's setting, frozen since the start).
                QuestionKind.FreeText => turn.Format(sheet.Survey.FreeTextToPartner ? "surveysAnswer.optionalToPartner" : "surveysAnswer.optionalNotToPartner", text),
                QuestionKind.MultipleChoice => turn.Format("surveysAnswer.multiple", text),
                QuestionKind.Number when hasRange => turn.Format("surveysAnswer.range", text, q.Min, q.Max),
                _ => text,
            },
            ["isChoice"] = choices.Count > 0,
            ["isMulti"] = q.Kind == QuestionKind.MultipleChoice,
            ["choices"] = choices,
            ["isNumber"] = isNumber,
            ["min"] = q.Min ?? -1_000_000,
            ["max"] = q.Max ?? 1_000_000,
            ["hasNumberValue"] = numberValue is not null,
            ["numberValue"] = numberValue ?? 0,
            ["isText"] = q.Kind == QuestionKind.FreeText,
            ["maxLength"] = Math.Min(q.MaxLength, SurveyLimits.FreeText),
            ["textHint"] = q.Kind == QuestionKind.FreeText ? turn.Format("surveysAnswer.freeTextHint", sheet.MinFreeText) : "",
            // Input values are plain text, not markdown: as typed.
            ["value"] = value,
            ["error"] = error,
            ["hasError"] = error.Length > 0,
        };
    }

    /// <summary>The end of the way, or why it does not go on: thanks, already answered, not open, not invited.</summary>
    public static JsonObject Done(TurnContext turn, string kind, string surveyTitle = "")
    {
        ArgumentNullException.ThrowIfNull(turn);
        return turn.Card("surveys/answer-done", new JsonObject
        {
            ["heading"] = turn.Word($"surveysAnswer.done.{kind}Title"),
            ["survey"] = surveyTitle,
            ["hasSurvey"] = surveyTitle.Length > 0,
            ["text"] = turn.Word($"surveysAnswer.done.{kind}"),
        });
    }

    public static JsonObject Done(TurnContext turn, AnswerStanding standing) => Done(turn, standing switch
    {
        AnswerStanding.NotInvited => "notInvited",
        AnswerStanding.AlreadyAnswered => "already",
        _ => "notRunning",
    });

    /// <summary>A survey's name on a card; a later wave says which (two waves of one survey can appear on one card).</summary>
    public static string Title(TurnContext turn, string title, int waveNumber)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return Title(turn.Format, title, waveNumber);
    }

    /// <summary>The same title where there is no turn (the intranet page formats with its own words).</summary>
    public static string Title(Func<string, object?[], string> format, string title, int waveNumber)
    {
        ArgumentNullException.ThrowIfNull(format);
        var plain = CardText.Plain(title, SurveyLimits.Title);
        return waveNumber > 1 ? format("surveysAnswer.waveTitle", [plain, waveNumber]) : plain;
    }
}
