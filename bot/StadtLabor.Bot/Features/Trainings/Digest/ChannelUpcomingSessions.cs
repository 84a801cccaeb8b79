using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings.Digest;

/// <summary>A session the channel digest offers: only what every colleague may see on "schulungen" too.</summary>
public sealed record UpcomingSession(long Id, string Title, string Tool, DateTime StartsAtUtc, string Place, int FreeSeats);

/// <summary>The sessions in a window with seats free now, first <paramref name="Take"/> of them, and how many in all.</summary>
public sealed record UpcomingSessions(IReadOnlyList<UpcomingSession> Rows, int Total, UpcomingSession? Next);

/// <summary>
/// What the weekly channel digest shows of the trainings: published sessions that start in a window and still have a
/// free seat (free as "schulungen" counts it: seats held below capacity and nobody waiting, so the digest never
/// invites people past a waitlist), and the first session after the window as "what the lab offers next".
/// Read-only; seat changes stay with <see cref="SignUp"/>.
/// </summary>
public sealed class ChannelUpcomingSessions(LabDbContext db)
{
    public async Task<UpcomingSessions> ListAsync(DateTime fromUtc, DateTime toUtc, int take, CancellationToken ct)
    {
        var sessions = await (from s in db.TrainingSessions().AsNoTracking()
                              join t in db.TrainingTools().AsNoTracking() on s.ToolId equals t.Id
                              where s.Status == SessionStatus.Published && s.StartsAtUtc >= fromUtc && s.StartsAtUtc < toUtc
                              orderby s.StartsAtUtc, s.Id
                              select new { s.Id, s.Title, Tool = t.Name, s.StartsAtUtc, s.Place, s.Capacity }).ToListAsync(ct);
        var counts = await Seats.CountsAsync(db, sessions.Select(s => s.Id).ToList(), ct);
        var open = sessions
            .Select(s => (Session: s, Count: counts[s.Id]))
            .Where(x => x.Count.Waiting == 0 && x.Count.Taken < x.Session.Capacity)
            .Select(x => new UpcomingSession(x.Session.Id, x.Session.Title, x.Session.Tool, x.Session.StartsAtUtc, x.Session.Place,
                x.Session.Capacity - x.Count.Taken))
            .ToList();

        var after = toUtc > fromUtc ? toUtc : fromUtc;
        var next = await (from s in db.TrainingSessions().AsNoTracking()
                          join t in db.TrainingTools().AsNoTracking() on s.ToolId equals t.Id
                          where s.Status == SessionStatus.Published && s.StartsAtUtc >= after
                          orderby s.StartsAtUtc, s.Id
                          select new UpcomingSession(s.Id, s.Title, t.Name, s.StartsAtUtc, s.Place, 0)).FirstOrDefaultAsync(ct);
        return new UpcomingSessions(open.Take(take).ToList(), open.Count, next);
    }
}
