using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>
/// "Angaben speichern" (surveysAdmin.saveInfo {surveyId, version} + title, purpose, freeTextToPartner): title and
/// purpose may change after the start too (they are not what a wave asks). Whether free text may go to the research
/// partner may not: the invitation told people so before they wrote anything. Once a wave has started the card shows
/// the setting without a switch, and a payload asking to change it is refused whole (nothing is saved). A refused
/// input comes back as typed, under its field.
/// </summary>
public sealed class SaveInfo(LabDbContext db, SurveyEditorCard editor, TimeProvider time) : IVerbHandler
{
    public const int MinTitle = 3;

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "surveyId", out var surveyId)) return SurveyEdit.UnknownSurvey(turn);
        var typed = new SurveyInfoInput(Cut(CardInput.Text(data, "title"), SurveyLimits.Title + 100), Cut(CardInput.Text(data, "purpose"), SurveyLimits.Purpose + 500),
            CardInput.Flag(data, "freeTextToPartner"));
        // After the start the card has no switch, so Teams sends no value: that keeps the setting, it does not turn it off.
        var sentFreeText = data.ContainsKey("freeTextToPartner");
        var errors = new List<FormError>();
        if (typed.Title.Length is < MinTitle or > SurveyLimits.Title) errors.Add(new("title", turn.Word("surveysAuthoring.editor.titleError")));
        if (typed.Purpose.Length > SurveyLimits.Purpose) errors.Add(new("purpose", turn.Word("surveysAuthoring.editor.purposeError")));
        if (errors.Count > 0)
            return await editor.RenderAsync(turn, surveyId, "", ct, typed, errors) is { } form ? new VerbResult.Card(form) : SurveyEdit.UnknownSurvey(turn);

        var (locked, refusal) = await SurveyEdit.EnterAsync(db, surveyId, SurveyEdit.Version(data), questions: false, ct);
        if (refusal == EditRefusal.UnknownSurvey) return SurveyEdit.UnknownSurvey(turn);
        if (locked is null) return await editor.ResultAsync(turn, surveyId, SurveyEdit.Notice(turn, refusal), ct);
        bool refused;
        await using (locked)
        {
            var started = await SurveyEdit.StartedAsync(db, surveyId, ct);
            refused = started && sentFreeText && typed.FreeTextToPartner != locked.Survey.FreeTextToPartner;
            if (!refused)
            {
                locked.Survey.Title = typed.Title;
                locked.Survey.Purpose = typed.Purpose;
                if (!started) locked.Survey.FreeTextToPartner = typed.FreeTextToPartner;
                locked.Survey.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
                await locked.CommitAsync(ct);
            }
        }
        return await editor.ResultAsync(turn, surveyId, turn.Word(refused ? "surveysAuthoring.refused.freeTextFrozen" : "surveysAuthoring.done.saved"), ct);
    }

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
