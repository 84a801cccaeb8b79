using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Features.Digests;

/// <summary>One edition of a digest kind (all personal digests of a period, or all lab-team digests of a week): how many were sent, how many answered.</summary>
public sealed record DigestResponse(DigestKind Kind, string PeriodKey, Figure Sent, Figure Answered, double? Percent);

/// <summary>
/// For the lab team's status card: the response rate per digest edition ("Gelesen"/"Erledigt"/"Später" counted, never
/// who). Each person's digest is a row of its own, so an edition here is a kind and period with all its readers; every
/// figure goes through <see cref="SmallGroups"/> (under k: "weniger als k", and the answered count is withheld when
/// the rest would be smaller than k).
/// </summary>
public sealed class DigestResponseRates(LabDbContext db, SmallGroups groups)
{
    public async Task<IReadOnlyList<DigestResponse>> RecentAsync(int editions, CancellationToken ct)
    {
        var rows = await db.DigestEditions().AsNoTracking()
            .Where(e => e.Kind != DigestKind.Channel)
            .GroupBy(e => new { e.Kind, e.PeriodKey })
            .Select(g => new { g.Key.Kind, g.Key.PeriodKey, Sent = g.Count() })
            .OrderByDescending(g => g.PeriodKey).ThenBy(g => g.Kind).Take(editions).ToListAsync(ct);
        var periods = rows.Select(r => r.PeriodKey).Distinct().ToList();
        // Only the edition's reader can answer it (digests.ack), so answers per kind and period are answered editions.
        var answered = (await (from a in db.DigestAcknowledgements().AsNoTracking()
                               join e in db.DigestEditions().AsNoTracking() on a.EditionId equals e.Id
                               where e.Kind != DigestKind.Channel && periods.Contains(e.PeriodKey)
                               group a by new { e.Kind, e.PeriodKey } into g
                               select new { g.Key.Kind, g.Key.PeriodKey, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(a => (a.Kind, a.PeriodKey), a => a.Count);
        return [.. rows.Select(r =>
        {
            var figures = groups.Figures(new Group("sent", r.Sent, Parts: [new Group("answered", answered.GetValueOrDefault((r.Kind, r.PeriodKey)))]));
            return new DigestResponse(r.Kind, r.PeriodKey, figures["sent"], figures["answered"], SmallGroups.Share(figures, "answered", "sent"));
        })];
    }
}
