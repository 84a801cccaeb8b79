using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// "Veröffentlichen" on the new-session form: checks every field (a refused form comes back with the values kept and
/// nothing saved; a weekend or holiday is saved only after a second, explicit click), creates the tool if it is new, publishes the session, tells those who asked for the tool and,
/// when wished, announces it in the channel — all in one transaction.
///
/// The same submit twice (Teams re-delivers an invoke; an impatient double click) creates one session. We cannot add
/// a column for a form token, so the session's own natural key decides: the same person creating a session with the
/// same tool, title and start is the same session (the form only knows minutes, so this is "within the same
/// minute"). Two creations for one tool are serialised by a no-op write on the tool row (row lock on PostgreSQL, the
/// write lock on SQLite), so the second one waits and then finds the first one's session.
/// </summary>
public sealed class CreateSession(LabDbContext db, SessionFormCard formCard, SessionNotices notices, SessionOverview manage, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return TrainingAnswers.UnknownUser(turn);
        var form = SessionForm.Read(data);
        var now = time.GetUtcNow().UtcDateTime;
        var check = form.Check(turn, now);
        if (check.Values is not { } values) return await FormAsync(turn, form, check, ct);

        var toolId = await SessionFormTool.FindOrCreateAsync(db, values, now, ct);
        if (toolId is null) return await FormAsync(turn, form, new(null, [new("tool", turn.Word("trainingsAdmin.error.toolUnknown"))], "", ""), ct);

        db.ChangeTracker.Clear();
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        await db.TrainingTools().Where(t => t.Id == toolId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Name, t => t.Name), ct);
        var duplicate = await db.TrainingSessions().AsNoTracking().AnyAsync(s => s.ToolId == toolId
            && s.CreatedByAadObjectId == person.AadObjectId && s.Title == values.Title && s.StartsAtUtc == values.StartsAtUtc, ct);
        if (duplicate)
            return new VerbResult.Card(turn.Card("trainings/manage", await manage.DataAsync(turn, turn.Word("trainingsAdmin.done.duplicate"), ct)));

        var session = new TrainingSession
        {
            Title = values.Title,
            Status = SessionStatus.Published,
            CreatedByAadObjectId = person.AadObjectId,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        values.ApplyTo(session, toolId.Value);
        db.TrainingSessions().Add(session);
        await db.SaveChangesAsync(ct);

        var toolName = await db.TrainingTools().Where(t => t.Id == toolId).Select(t => t.Name).SingleAsync(ct);
        var notice = new List<string> { turn.Word("trainingsAdmin.done.created") };
        var told = await notices.TellInterestedAsync(session, toolName, ct);
        if (told > 0) notice.Add(turn.Format("trainingsAdmin.done.interested", told));
        if (values.Announce) notice.Add(SessionNotices.AnnounceNotice(turn, await notices.AnnounceAsync(session, toolName, ct)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        return new VerbResult.Card(turn.Card("trainings/manage", await manage.DataAsync(turn, string.Join(" ", notice.Where(n => n.Length > 0)), ct)));
    }

    private async Task<VerbResult> FormAsync(TurnContext turn, SessionForm form, FormCheck check, CancellationToken ct) =>
        new VerbResult.Card(await formCard.RenderAsync(turn, form, 0, check, ct));
}
