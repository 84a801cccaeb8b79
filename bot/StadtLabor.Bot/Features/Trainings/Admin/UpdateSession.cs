using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Features.Trainings.Calendar;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// "Speichern" on the edit form. The same checks as for a new session, and the seats may not go below those taken
/// (counted under the session lock). A new time bumps ScheduleVersion (reminders follow the new time); a new time,
/// place or link is told to everyone booked, offered or waitlisted; more seats go to the waitlist at once.
/// </summary>
public sealed class UpdateSession(
    LabDbContext db, SessionFormCard formCard, Waitlist waitlist, SessionNotices notices, SessionOverview manage, Strings strings,
    TrainingCalendar calendar, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        var form = SessionForm.Read(data);
        var words = new AdminWords(turn.Lang, strings);
        return await UpdateAsync(sessionId, form, words, ct) switch
        {
            UpdateOutcome.NotFound => TrainingAnswers.BadRequest(turn),
            UpdateOutcome.Refused refused => new VerbResult.Card(await formCard.RenderAsync(turn, form, sessionId, refused.Check, ct)),
            var outcome => new VerbResult.Card(turn.Card("trainings/manage", await manage.DataAsync(turn, Notice(words, outcome), ct))),
        };
    }

    /// <summary>The whole use case, for the card and the intranet page alike.</summary>
    public async Task<UpdateOutcome> UpdateAsync(long sessionId, SessionForm form, AdminWords words, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(words);
        var now = time.GetUtcNow().UtcDateTime;
        // The day the session already has was decided before: a weekend or holiday is asked about only when it is new.
        var stored = await db.TrainingSessions().AsNoTracking().Where(s => s.Id == sessionId).Select(s => (DateTime?)s.StartsAtUtc).SingleOrDefaultAsync(ct);
        if (stored is null) return new UpdateOutcome.NotFound();
        var check = form.Check(words, now, DateOnly.FromDateTime(TrainingTime.ToBerlin(stored.Value)));
        if (check.Values is not { } values) return new UpdateOutcome.Refused(check);

        // Checked once before a new tool is created, so a refused edit leaves no tool behind; checked again under the lock.
        var takenNow = await Seats.TakenAsync(db, sessionId, ct);
        if (values.Capacity < takenNow) return Refused("capacity", words.Format("trainingsAdmin.error.capacityBelowTaken", takenNow));
        var toolId = await SessionFormTool.FindOrCreateAsync(db, values, now, ct);
        if (toolId is null) return Refused("tool", words.Word("trainingsAdmin.error.toolUnknown"));

        await using var locked = await SessionLock.EnterAsync(db, sessionId, ct);
        if (locked is null) return new UpdateOutcome.NotFound();
        var outcome = await ApplyAsync(locked.Session, values, toolId.Value, words, ct);
        if (outcome is UpdateOutcome.Updated) await calendar.ChangedAsync(locked.Session, ct);
        await locked.CommitAsync(ct);
        return outcome;
    }

    private async Task<UpdateOutcome> ApplyAsync(TrainingSession session, SessionValues values, long toolId, AdminWords words, CancellationToken ct)
    {
        if (session.Status == SessionStatus.Cancelled) return new UpdateOutcome.Cancelled();
        var taken = await Seats.TakenAsync(db, session.Id, ct);
        if (values.Capacity < taken) return Refused("capacity", words.Format("trainingsAdmin.error.capacityBelowTaken", taken));

        var timeChanged = session.StartsAtUtc != values.StartsAtUtc || session.EndsAtUtc != values.EndsAtUtc;
        var placeChanged = session.Place != values.Place || session.OnlineUrl != values.OnlineUrl;
        values.ApplyTo(session, toolId);
        session.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        if (timeChanged) session.ScheduleVersion++;

        var notified = 0;
        if (timeChanged || placeChanged)
        {
            var people = await db.TrainingRegistrations()
                .Where(r => r.SessionId == session.Id).Where(SeatRule.Active)
                .OrderBy(r => r.Id).ToListAsync(ct);
            // An open offer must not run past the new start, as when it was made (the change notice tells them).
            if (waitlist.OfferDeadline(session.UpdatedAtUtc, session.StartsAtUtc) is { } latest)
            {
                foreach (var offered in people.Where(r => r.Status == RegistrationStatus.Offered && r.OfferExpiresAtUtc > latest))
                    offered.OfferExpiresAtUtc = latest;
            }
            // The lock stamp is new for every change of this session, so each real change is told once; the same
            // submit delivered again finds nothing changed and tells nobody.
            await notices.TellAsync(session, people, "changed", session.LockStamp.ToString(CultureInfo.InvariantCulture),
                "trainingsAdmin.notice.changed", ct);
            notified = people.Count;
        }
        // More seats (or the same): the next in line get offers now, in this transaction.
        await waitlist.OfferFreeSeatsAsync(session, ct);
        AnnounceResult? announced = null;
        if (values.Announce)
        {
            var toolName = await db.TrainingTools().Where(t => t.Id == toolId).Select(t => t.Name).SingleAsync(ct);
            announced = await notices.AnnounceAsync(session, toolName, ct);
        }
        return new UpdateOutcome.Updated(notified, announced);
    }

    /// <summary>The line for the lab team after an edit that was neither refused nor aimed at a missing session.</summary>
    public static string Notice(AdminWords words, UpdateOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (outcome is not UpdateOutcome.Updated updated) return words.Word("trainingsAdmin.done.cancelledNoEdit");
        var notice = new List<string> { words.Word("trainingsAdmin.done.updated") };
        if (updated.Notified > 0) notice.Add(words.Format("trainingsAdmin.done.notified", updated.Notified));
        if (updated.Announced is { } announced) notice.Add(SessionNotices.AnnounceNotice(words, announced));
        return string.Join(" ", notice.Where(n => n.Length > 0));
    }

    private static UpdateOutcome.Refused Refused(string field, string text) => new(new FormCheck(null, [new FieldError(field, text)], "", ""));
}

/// <summary>What an edit came to. <see cref="Cancelled"/>: a cancelled session is not edited any more.</summary>
public abstract record UpdateOutcome
{
    public sealed record NotFound : UpdateOutcome;

    public sealed record Refused(FormCheck Check) : UpdateOutcome;

    public sealed record Cancelled : UpdateOutcome;

    public sealed record Updated(int Notified, AnnounceResult? Announced) : UpdateOutcome;
}
