using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>"Bearbeiten: Homeoffice-Umfrage" (surveysAdmin.edit {surveyId}): the editor as the survey stands now.</summary>
public sealed class EditSurvey(SurveyEditorCard editor) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        CardInput.TryGetId(data, "surveyId", out var surveyId)
            ? await editor.ResultAsync(turn, surveyId, "", ct)
            : SurveyEdit.UnknownSurvey(turn);
}
