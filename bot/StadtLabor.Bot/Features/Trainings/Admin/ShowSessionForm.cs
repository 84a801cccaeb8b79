using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>"Neuer Termin" (trainings.new) shows the empty form; "Bearbeiten" (trainings.edit) the form prefilled.</summary>
public sealed class ShowSessionForm(LabDbContext db, SessionFormCard form, SessionOverview manage, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (turn.Verb == "trainings.new")
        {
            var blank = SessionForm.Blank(time.GetUtcNow().UtcDateTime);
            return new VerbResult.Card(await form.RenderAsync(turn, blank, 0, null, ct));
        }

        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        var session = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return TrainingAnswers.BadRequest(turn);
        if (session.Status == SessionStatus.Cancelled)
            return new VerbResult.Card(turn.Card("trainings/manage", await manage.DataAsync(turn, turn.Word("trainingsAdmin.done.cancelledNoEdit"), ct)));
        return new VerbResult.Card(await form.RenderAsync(turn, SessionForm.Of(session), sessionId, null, ct));
    }
}
