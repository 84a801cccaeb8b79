using System.Text.Json.Nodes;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Answering;

/// <summary>
/// surveys.answer {waveId} (the invitation's "Jetzt beantworten", the list's "Beantworten"/"Weitermachen"): the first
/// page, or the page of the person's draft with what they typed. Reads only; the draft is written when they page.
/// </summary>
public sealed class OpenSurvey(AnswerSheets sheets) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        var opened = await sheets.OpenAsync(turn, data, ct);
        if (opened.Refusal is { } refusal) return refusal;
        return new VerbResult.Card(AnswerCards.Page(turn, opened.Sheet, opened.Sheet.Clamp(opened.DraftPage), opened.Answers, NoErrors));
    }

    internal static readonly IReadOnlyDictionary<long, string> NoErrors = new Dictionary<long, string>();
}

/// <summary>
/// Answers are given only in the person's 1:1 chat: in a group chat or channel others read along, and a card that
/// changes in place there may change for everyone. A click there gets a pointer to the 1:1 chat and changes nothing.
/// </summary>
public static class PersonalOnly
{
    public static VerbResult? Refuse(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return turn.IsPersonal ? null : new VerbResult.Message(turn.Word("surveysAnswer.personalOnly"));
    }
}
