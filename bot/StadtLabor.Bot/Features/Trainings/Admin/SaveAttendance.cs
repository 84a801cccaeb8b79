using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// "Anwesenheit speichern": the lab team ticks who came, one toggle per booked person (present_{registrationId}),
/// and saves once; an unticked person is a no-show. One button instead of two per person keeps the card within
/// Teams' 5 actions per set and its size limit for a full session. Only after the start, only booked people of this
/// session; a person the card did not show (booked since) is left as is.
/// </summary>
public sealed class SaveAttendance(LabDbContext db, ParticipantsCard participants, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        // Only the toggles the card showed are in the data; their registration ids are checked against the session below.
        var marks = new Dictionary<long, bool>();
        foreach (var (key, _) in data)
        {
            if (key.StartsWith(KeyPrefix, StringComparison.Ordinal)
                && long.TryParse(key.AsSpan(KeyPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Key(id) == key)
                marks[id] = CardInput.Flag(data, key);
        }
        var notice = await SaveAsync(sessionId, marks, ct) switch
        {
            AttendanceOutcome.NotStarted notStarted => turn.Format("trainingsLists.notStartedYet", TrainingTime.Moment(turn.Lang, notStarted.StartsAtUtc)),
            AttendanceOutcome.Saved saved => turn.Format("trainingsLists.saved", saved.Present, saved.Absent),
            _ => null,
        };
        if (notice is null) return TrainingAnswers.BadRequest(turn);
        var card = await participants.CardAsync(turn, sessionId, notice, ParticipantsCard.PageOf(data), ct);
        return card is null ? TrainingAnswers.BadRequest(turn) : new VerbResult.Card(card);
    }

    /// <summary>
    /// Saves the marks (registration id → came) of booked people of this session, for the card and the intranet page
    /// alike; ids of other sessions or of people without a booking are ignored.
    /// </summary>
    public async Task<AttendanceOutcome> SaveAsync(long sessionId, IReadOnlyDictionary<long, bool> marks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var session = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return new AttendanceOutcome.NotFound();

        var now = time.GetUtcNow().UtcDateTime;
        if (session.StartsAtUtc > now) return new AttendanceOutcome.NotStarted(session.StartsAtUtc);
        var booked = await db.TrainingRegistrations()
            .Where(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Booked).ToListAsync(ct);
        int present = 0, absent = 0;
        foreach (var r in booked)
        {
            if (!marks.TryGetValue(r.Id, out var came)) continue;
            var attendance = came ? Attendance.Present : Attendance.NoShow;
            if (attendance == Attendance.Present) present++;
            else absent++;
            if (r.Attendance == attendance) continue;
            r.Attendance = attendance;
            r.UpdatedAtUtc = now;
        }
        await db.SaveChangesAsync(ct);
        return new AttendanceOutcome.Saved(present, absent);
    }

    private const string KeyPrefix = "present_";

    internal static string Key(long registrationId) => KeyPrefix + registrationId.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What saving attendance came to: nothing before the start, else how many came and did not.</summary>
public abstract record AttendanceOutcome
{
    public sealed record NotFound : AttendanceOutcome;

    public sealed record NotStarted(DateTime StartsAtUtc) : AttendanceOutcome;

    public sealed record Saved(int Present, int Absent) : AttendanceOutcome;
}
