using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>
/// "Angaben speichern" (surveysAdmin.saveInfo {surveyId, version} + title, purpose, freeTextToPartner): allowed after
/// the start too (they are not what a wave asks). A refused input comes back as typed, under its field.
/// </summary>
public sealed class SaveInfo(LabDbContext db, SurveyEditorCard editor, TimeProvider time) : IVerbHandler
{
    public const int MinTitle = 3;

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "surveyId", out var surveyId)) return SurveyEdit.UnknownSurvey(turn);
        var typed = new SurveyInfoInput(Cut(CardInput.Text(data, "title"), SurveyLimits.Title + 100), Cut(CardInput.Text(data, "purpose"), SurveyLimits.Purpose + 500),
            CardInput.Flag(data, "freeTextToPartner"));
        var errors = new List<FormError>();
        if (typed.Title.Length is < MinTitle or > SurveyLimits.Title) errors.Add(new("title", turn.Word("surveysAuthoring.editor.titleError")));
        if (typed.Purpose.Length > SurveyLimits.Purpose) errors.Add(new("purpose", turn.Word("surveysAuthoring.editor.purposeError")));
        if (errors.Count > 0)
            return await editor.RenderAsync(turn, surveyId, "", ct, typed, errors) is { } form ? new VerbResult.Card(form) : SurveyEdit.UnknownSurvey(turn);

        var (locked, refusal) = await SurveyEdit.EnterAsync(db, surveyId, SurveyEdit.Version(data), questions: false, ct);
        if (refusal == EditRefusal.UnknownSurvey) return SurveyEdit.UnknownSurvey(turn);
        if (locked is null) return await editor.ResultAsync(turn, surveyId, SurveyEdit.Notice(turn, refusal), ct);
        await using (locked)
        {
            locked.Survey.Title = typed.Title;
            locked.Survey.Purpose = typed.Purpose;
            locked.Survey.FreeTextToPartner = typed.FreeTextToPartner;
            locked.Survey.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
            await locked.CommitAsync(ct);
        }
        return await editor.ResultAsync(turn, surveyId, turn.Word("surveysAuthoring.done.saved"), ct);
    }

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
