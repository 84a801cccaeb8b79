using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "Interesse melden" for a tool without a date: we remember it and tell the person once, when the next session
/// for that tool is published. Asking twice keeps one entry.
/// </summary>
public sealed class RegisterInterest(LabDbContext db, TrainingList list, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "toolId", out var toolId)) return TrainingAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return TrainingAnswers.UnknownUser(turn);
        var tool = await db.TrainingTools().AsNoTracking().SingleOrDefaultAsync(t => t.Id == toolId, ct);
        if (tool is null) return TrainingAnswers.BadRequest(turn);

        var existing = await db.TrainingInterests()
            .SingleOrDefaultAsync(i => i.ToolId == toolId && i.UserAadObjectId == person.AadObjectId, ct);
        string key = "trainings.interestAlready";
        if (existing is null || existing.NotifiedAtUtc is not null)
        {
            // Told about an earlier session already: the person asks again for the next one.
            if (existing is not null) db.TrainingInterests().Remove(existing);
            db.TrainingInterests().Add(new TrainingInterest
            {
                ToolId = toolId,
                UserAadObjectId = person.AadObjectId,
                TenantId = person.TenantId,
                Lang = person.Lang,
                CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            });
            try
            {
                await db.SaveChangesAsync(ct);
                key = "trainings.interestSaved";
            }
            catch (DbUpdateException)
            {
                // The same click delivered twice at once: the other one saved it.
                db.ChangeTracker.Clear();
            }
        }
        var notice = turn.Format(key, tool.Name);
        return new VerbResult.Card(turn.Card("trainings/list", await list.DataAsync(turn, toolId, 0, notice, ct)));
    }
}
