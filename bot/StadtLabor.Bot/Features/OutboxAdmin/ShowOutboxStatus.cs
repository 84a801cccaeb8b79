using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.OutboxAdmin;

/// <summary>
/// For the lab team: is anything stuck? Backlog, sent, failed and dead counts, the newest dead letters with the
/// reason, and a button to send the dead ones again. Shows no message content (it may hold personal data).
/// </summary>
public sealed class ShowOutboxStatus(LabDbContext db, TimeProvider time) : ITurnHandler, IVerbHandler
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public async Task HandleAsync(TurnContext turn, CancellationToken ct) =>
        turn.ReplyCard("outbox/status", await DataAsync(turn, null, ct));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("outbox/status", await DataAsync(turn, null, ct)));

    /// <summary>The card's data; notice is a line on top (e.g. after a retry), empty for none.</summary>
    public async Task<JsonObject> DataAsync(TurnContext turn, string? notice, CancellationToken ct)
    {
        var counts = await db.OutboxMessages().AsNoTracking()
            .GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(OutboxStatus status) => counts.FirstOrDefault(c => c.Status == status)?.Count ?? 0;
        var oldestPending = await db.OutboxMessages().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending).OrderBy(m => m.CreatedAtUtc).Select(m => (DateTime?)m.CreatedAtUtc).FirstOrDefaultAsync(ct);
        var dead = await db.OutboxMessages().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Dead).OrderByDescending(m => m.Id).Take(5)
            .Select(m => new { m.Id, m.CreatedAtUtc, m.Attempts, m.LastError }).ToListAsync(ct);

        var culture = CultureInfo.GetCultureInfo(turn.Lang == "en" ? "en-GB" : "de-DE");
        var waitingMinutes = oldestPending is { } oldest ? (int)(time.GetUtcNow().UtcDateTime - oldest).TotalMinutes : 0;
        return new JsonObject
        {
            ["notice"] = notice ?? "",
            ["pending"] = Count(OutboxStatus.Pending).ToString("N0", culture),
            ["sent"] = Count(OutboxStatus.Sent).ToString("N0", culture),
            ["failed"] = Count(OutboxStatus.Failed).ToString("N0", culture),
            ["dead"] = Count(OutboxStatus.Dead).ToString("N0", culture),
            ["oldestPendingMinutes"] = waitingMinutes.ToString(culture),
            ["hasPending"] = Count(OutboxStatus.Pending) > 0,
            ["hasDead"] = Count(OutboxStatus.Dead) > 0,
            ["deadLetters"] = new JsonArray(dead.Select(d => (JsonNode)new JsonObject
            {
                ["title"] = $"#{d.Id} · {TimeZoneInfo.ConvertTimeFromUtc(d.CreatedAtUtc, Berlin).ToString("g", culture)}",
                ["value"] = $"{d.LastError ?? "?"} ({d.Attempts}×)",
            }).ToArray()),
        };
    }
}
