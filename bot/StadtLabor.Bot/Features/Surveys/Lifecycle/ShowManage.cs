using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>"Übersicht" of one survey (surveysLifecycle.manage {surveyId}): its waves and the buttons that fit.</summary>
public sealed class ShowManage(LifecycleReply reply) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is null) return LifecycleReply.UnknownUser(turn);
        if (!CardInput.TryGetId(data, "surveyId", out var surveyId)) return LifecycleReply.BadRequest(turn);
        return await reply.ManageAsync(turn, surveyId, "", ct);
    }
}
