using Microsoft.EntityFrameworkCore;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.Events.Item.Cancel;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Graph;

namespace StadtLabor.Bot.Features.Trainings.Calendar;

/// <summary>
/// Brings a session's Outlook event in line with the database (kind "trainings.calendar"): creates it with the first
/// booked person (a transactionId derived from the session, so a repeated create returns the event made before),
/// PATCHes the attendees when the booked set changed and time, place and subject when the session moved (the Teams
/// meeting stays), and cancels it with a comment when the session is cancelled. Each step is saved at once, so a
/// failure later in the run repeats only what is left. Safe to run twice: it compares with what was last sent.
/// </summary>
public sealed partial class CalendarSync(AttendeeAddresses addresses, Strings strings,
    TimeProvider time, ILogger<CalendarSync> log) : IGraphCallHandler
{
    public string Kind => TrainingCalendar.Kind;

    public async Task<GraphCallResult> RunAsync(GraphCallContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = context.Db;
        var sessionId = context.Payload<SyncPayload>().SessionId;
        var mailbox = context.Call.Mailbox;
        var session = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return GraphCallResult.Done; // deleted: its event row went with it
        var row = await db.TrainingCalendarEvents().SingleOrDefaultAsync(e => e.SessionId == sessionId, ct);
        var events = context.Graph.Users[mailbox].Events;
        var now = time.GetUtcNow().UtcDateTime;

        if (session.Status == SessionStatus.Cancelled)
        {
            if (row is not { EventId: { } cancelId, CancelledAtUtc: null }) return GraphCallResult.Done;
            await IgnoringGoneAsync(() => events[cancelId].Cancel.PostAsync(new CancelPostRequestBody { Comment = CancelComment(session) }, cancellationToken: ct));
            row.CancelledAtUtc = now;
            row.UpdatedAtUtc = now;
            return GraphCallResult.Done;
        }
        // A session that is over keeps the event as it was: nobody needs to hear about it any more.
        if (session.EndsAtUtc <= now) return GraphCallResult.Done;

        var invitees = await InviteesAsync(context, sessionId, ct);
        var toolName = await db.TrainingTools().Where(t => t.Id == session.ToolId).Select(t => t.Name).SingleOrDefaultAsync(ct) ?? "";
        var details = EventDetails.Of(session, toolName, Body(session));
        if (row?.EventId is null)
        {
            if (invitees.Count == 0) return GraphCallResult.Done; // an event for nobody would only fill the lab's calendar
            if (row is null)
            {
                row = new TrainingCalendarEvent { SessionId = sessionId };
                db.TrainingCalendarEvents().Add(row);
            }
            var created = await events.PostAsync(EventShape.New(details, invitees, EventShape.TransactionId(mailbox, sessionId, row.Generation)), cancellationToken: ct)
                ?? throw new InvalidOperationException("Graph answered the create without an event");
            // What Graph holds: after a crash between create and commit the answer is the event made then, maybe with other attendees.
            var held = EventShape.DetailsOf(created);
            row.EventId = created.Id;
            row.AttendeesHash = EventShape.AttendeesHash(EventShape.AddressesOf(created));
            row.DetailsHash = EventShape.DetailsHash(held);
            row.Online = held.Online;
            row.UpdatedAtUtc = now;
            await db.SaveChangesAsync(ct);
            LogCreated(log, sessionId, invitees.Count);
        }

        var eventId = row.EventId!;
        var attendeesHash = EventShape.AttendeesHash(invitees.Select(i => i.Address));
        if (attendeesHash != row.AttendeesHash)
        {
            if (!await PatchAsync(events[eventId], EventShape.AttendeesOnly(invitees), ct)) return await RecreateAsync(db, row, ct);
            row.AttendeesHash = attendeesHash;
            row.UpdatedAtUtc = now;
            await db.SaveChangesAsync(ct);
        }
        var detailsHash = EventShape.DetailsHash(details);
        if (detailsHash != row.DetailsHash)
        {
            var becameOnline = details.Online && !row.Online;
            if (!await PatchAsync(events[eventId], EventShape.Details(details, becameOnline), ct)) return await RecreateAsync(db, row, ct);
            row.DetailsHash = detailsHash;
            row.Online |= details.Online;
            row.UpdatedAtUtc = now;
        }
        return GraphCallResult.Done;
    }

    /// <summary>The booked people with an address; those without one keep the .ics and do not hold up the others.</summary>
    private async Task<List<Invitee>> InviteesAsync(GraphCallContext context, long sessionId, CancellationToken ct)
    {
        var booked = await context.Db.TrainingRegistrations().AsNoTracking()
            .Where(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Booked)
            .OrderBy(r => r.Id).Select(r => new { r.UserAadObjectId, r.UserName }).ToListAsync(ct);
        if (booked.Count == 0) return [];
        var found = await addresses.ForAsync(context.Graph, [.. booked.Select(b => b.UserAadObjectId)], ct);
        if (found.Count < booked.Count) LogWithoutAddress(log, sessionId, booked.Count - found.Count);
        return [.. booked.Where(b => found.ContainsKey(b.UserAadObjectId)).Select(b => new Invitee(found[b.UserAadObjectId], b.UserName))];
    }

    /// <summary>False when Graph no longer has the event (deleted in the mailbox): it is made anew.</summary>
    private static async Task<bool> PatchAsync(Microsoft.Graph.Users.Item.Events.Item.EventItemRequestBuilder item, Event patch, CancellationToken ct)
    {
        try
        {
            await item.PatchAsync(patch, cancellationToken: ct);
            return true;
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// A new generation gets a new transactionId (the old one would hand back the deleted event); the retry, due at
    /// once, creates it with everyone booked now.
    /// </summary>
    private async Task<GraphCallResult> RecreateAsync(LabDbContext db, TrainingCalendarEvent row, CancellationToken ct)
    {
        LogEventGone(log, row.SessionId);
        row.EventId = null;
        row.Generation++;
        row.AttendeesHash = "";
        row.DetailsHash = "";
        row.Online = false;
        row.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return GraphCallResult.Later("event gone from the mailbox; creating it anew", TimeSpan.Zero);
    }

    private static async Task IgnoringGoneAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            // Deleted in the mailbox already: nothing is left to cancel.
        }
    }

    private string Body(TrainingSession s)
    {
        var parts = new List<string>();
        if (s.Description.Length > 0) parts.Add(s.Description);
        if (s.OnlineUrl.Length > 0) parts.Add(Both("trainingsCalendar.body.link", s.OnlineUrl));
        parts.Add(Both("trainingsCalendar.body.bookInTeams"));
        return string.Join("\n\n", parts);
    }

    private string CancelComment(TrainingSession s) => Both("trainingsCalendar.cancelComment", s.Title);

    /// <summary>One event for people of both languages: German first, English below.</summary>
    private string Both(string key, params object[] args) =>
        string.Join("\n", Strings.Languages.Select(lang => args.Length == 0 ? strings.Get(lang, key) : strings.Format(lang, key, args)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Training session {SessionId}: Outlook event created for {Count} attendees")]
    private static partial void LogCreated(ILogger logger, long sessionId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training session {SessionId}: {Count} booked people have no address in the directory and keep the .ics")]
    private static partial void LogWithoutAddress(ILogger logger, long sessionId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training session {SessionId}: the Outlook event is gone from the mailbox; it is created anew")]
    private static partial void LogEventGone(ILogger logger, long sessionId);
}
