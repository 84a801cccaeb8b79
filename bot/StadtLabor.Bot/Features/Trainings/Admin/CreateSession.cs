using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
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
public sealed class CreateSession(
    LabDbContext db, SessionFormCard formCard, SessionNotices notices, SessionOverview manage, Strings strings, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return TrainingAnswers.UnknownUser(turn);
        var form = SessionForm.Read(data);
        var words = new AdminWords(turn.Lang, strings);
        return await CreateAsync(form, person.AadObjectId, words, ct) switch
        {
            CreateOutcome.Refused refused => new VerbResult.Card(await formCard.RenderAsync(turn, form, 0, refused.Check, ct)),
            var outcome => new VerbResult.Card(turn.Card("trainings/manage", await manage.DataAsync(turn, Notice(words, outcome), ct))),
        };
    }

    /// <summary>The whole use case, for the card and the intranet page alike; the creator is the signed-in person.</summary>
    public async Task<CreateOutcome> CreateAsync(SessionForm form, string creatorAadObjectId, AdminWords words, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var now = time.GetUtcNow().UtcDateTime;
        var check = form.Check(words, now);
        if (check.Values is not { } values) return new CreateOutcome.Refused(check);

        var toolId = await SessionFormTool.FindOrCreateAsync(db, values, now, ct);
        if (toolId is null) return new CreateOutcome.Refused(new(null, [new("tool", words.Word("trainingsAdmin.error.toolUnknown"))], "", ""));

        db.ChangeTracker.Clear();
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        await db.TrainingTools().Where(t => t.Id == toolId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Name, t => t.Name), ct);
        var duplicate = await db.TrainingSessions().AsNoTracking().Where(s => s.ToolId == toolId
            && s.CreatedByAadObjectId == creatorAadObjectId && s.Title == values.Title && s.StartsAtUtc == values.StartsAtUtc)
            .Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);
        if (duplicate is { } existing) return new CreateOutcome.Duplicate(existing);

        var session = new TrainingSession
        {
            Title = values.Title,
            Status = SessionStatus.Published,
            CreatedByAadObjectId = creatorAadObjectId,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        values.ApplyTo(session, toolId.Value);
        db.TrainingSessions().Add(session);
        await db.SaveChangesAsync(ct);

        var toolName = await db.TrainingTools().Where(t => t.Id == toolId).Select(t => t.Name).SingleAsync(ct);
        var told = await notices.TellInterestedAsync(session, toolName, ct);
        AnnounceResult? announced = values.Announce ? await notices.AnnounceAsync(session, toolName, ct) : null;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CreateOutcome.Created(session.Id, told, announced);
    }

    /// <summary>The line for the lab team after a create that was not refused.</summary>
    public static string Notice(AdminWords words, CreateOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (outcome is not CreateOutcome.Created created) return words.Word("trainingsAdmin.done.duplicate");
        var notice = new List<string> { words.Word("trainingsAdmin.done.created") };
        if (created.Interested > 0) notice.Add(words.Format("trainingsAdmin.done.interested", created.Interested));
        if (created.Announced is { } announced) notice.Add(SessionNotices.AnnounceNotice(words, announced));
        return string.Join(" ", notice.Where(n => n.Length > 0));
    }
}

/// <summary>What a create came to: refused with the form's messages, the same session found again, or created.</summary>
public abstract record CreateOutcome
{
    public sealed record Refused(FormCheck Check) : CreateOutcome;

    public sealed record Duplicate(long SessionId) : CreateOutcome;

    public sealed record Created(long SessionId, int Interested, AnnounceResult? Announced) : CreateOutcome;
}
