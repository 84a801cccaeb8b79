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
        var session = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return TrainingAnswers.BadRequest(turn);

        var now = time.GetUtcNow().UtcDateTime;
        string notice;
        if (session.StartsAtUtc > now)
        {
            notice = turn.Format("trainingsLists.notStartedYet", TrainingTime.Moment(turn.Lang, session.StartsAtUtc));
        }
        else
        {
            var booked = await db.TrainingRegistrations()
                .Where(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Booked).ToListAsync(ct);
            int present = 0, absent = 0;
            foreach (var r in booked)
            {
                if (!data.ContainsKey(Key(r.Id))) continue;
                var attendance = CardInput.Flag(data, Key(r.Id)) ? Attendance.Present : Attendance.NoShow;
                if (attendance == Attendance.Present) present++;
                else absent++;
                if (r.Attendance == attendance) continue;
                r.Attendance = attendance;
                r.UpdatedAtUtc = now;
            }
            await db.SaveChangesAsync(ct);
            notice = turn.Format("trainingsLists.saved", present, absent);
        }
        var card = await participants.CardAsync(turn, sessionId, notice, ParticipantsCard.PageOf(data), ct);
        return card is null ? TrainingAnswers.BadRequest(turn) : new VerbResult.Card(card);
    }

    internal static string Key(long registrationId) => "present_" + registrationId.ToString(CultureInfo.InvariantCulture);
}
