using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>Someone who hears of an idea: an author (anonymous ones too) or a supporter, with the language they used.</summary>
public sealed record IdeaPerson(string UserAadObjectId, string TenantId, string Lang);

/// <summary>
/// Tells the people of an idea (every author, anonymous ones too: they get messages although nobody sees them, and
/// every supporter) of a public event: a status change (with a rejection's reason), a public answer, a merge. Each in
/// their own language (their choice, else the one they used on the idea), through the outbox in the caller's
/// transaction, keyed "ideas.notice:{eventId}:{user}", so an event is told once per person however often a click
/// arrives. Internal events (notes, assignments, tags, escalations) are never sent. A status change is not sent to
/// people who folded idea news into their personal digest (it is in their next one), and none of these messages is
/// sent in quiet hours (<see cref="QuietHours"/>): a Lotse's evening triage arrives the next working morning. Call it after the event is saved
/// (its id keys the messages) and before the commit.
/// </summary>
public sealed class IdeaNotices(LabDbContext db, OutboxWriter outbox, CardRenderer cards, Strings strings, Languages languages,
    DigestSettings digests, TimeProvider time)
{
    public static string Key(long eventId, string userAadObjectId) => $"ideas.notice:{eventId}:{userAadObjectId}";

    /// <summary>The idea's authors and supporters now, each once (an author who also supports counts as author).</summary>
    public async Task<IReadOnlyList<IdeaPerson>> PeopleAsync(long ideaId, CancellationToken ct)
    {
        var authors = await db.IdeaAuthors().AsNoTracking().Where(a => a.IdeaId == ideaId).OrderBy(a => a.Id)
            .Select(a => new IdeaPerson(a.UserAadObjectId, a.TenantId, a.Lang)).ToListAsync(ct);
        var supporters = await db.IdeaSupports().AsNoTracking().Where(s => s.IdeaId == ideaId).OrderBy(s => s.Id)
            .Select(s => new IdeaPerson(s.UserAadObjectId, s.TenantId, s.Lang)).ToListAsync(ct);
        return authors.Concat(supporters).DistinctBy(p => p.UserAadObjectId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Queues the messages of <paramref name="e"/> to <paramref name="people"/> (default: the idea's people now).
    /// Returns how many were added (0 for an internal event or one told before).
    /// </summary>
    public async Task<int> SendAsync(Idea idea, IdeaEvent e, CancellationToken ct, IReadOnlyList<IdeaPerson>? people = null)
    {
        ArgumentNullException.ThrowIfNull(idea);
        ArgumentNullException.ThrowIfNull(e);
        if (!e.Public || e.Id <= 0) return 0;
        if (e.Kind is not (IdeaEventKind.StatusChanged or IdeaEventKind.Comment or IdeaEventKind.Merged)) return 0;
        var other = e.OtherIdeaId is { } otherId
            ? await db.Ideas().AsNoTracking().Where(i => i.Id == otherId).Select(i => new { i.Id, i.Title }).FirstOrDefaultAsync(ct)
            : null;
        var recipients = people ?? await PeopleAsync(idea.Id, ct);
        var added = 0;
        foreach (var tenant in recipients.GroupBy(p => p.TenantId, StringComparer.Ordinal))
        {
            var chosen = await languages.ForPeopleAsync(tenant.Key, tenant.Select(p => p.UserAadObjectId), ct);
            var folded = e.Kind == IdeaEventKind.StatusChanged
                ? await digests.FoldingAsync(tenant.Key, tenant.Select(p => p.UserAadObjectId), DigestFolds.IdeaStatusChanges, ct)
                : new HashSet<string>();
            var byLang = new Dictionary<string, Activity>(StringComparer.Ordinal);
            var messages = new List<(string, string, Activity)>();
            foreach (var person in tenant.Where(p => !folded.Contains(p.UserAadObjectId)))
            {
                var lang = chosen.Of(person.UserAadObjectId, person.Lang);
                if (!byLang.TryGetValue(lang, out var activity))
                    byLang[lang] = activity = Activity.Card(Card(lang, idea, e, other?.Id, other?.Title ?? ""));
                messages.Add((Key(e.Id, person.UserAadObjectId), person.UserAadObjectId, activity));
            }
            added += await outbox.ToUsersAsync(tenant.Key, messages, ct, digests.NotBeforeUtc(time.GetUtcNow().UtcDateTime));
        }
        return added;
    }

    private JsonObject Card(string lang, Idea idea, IdeaEvent e, long? otherId, string otherTitle)
    {
        var title = CardText.Plain(idea.Title, IdeaLimits.Title);
        var other = CardText.Plain(otherTitle, IdeaLimits.Title);
        var text = CardText.Plain(e.Text, IdeaLimits.Comment);
        string StatusWord(IdeaStatus? s) => strings.Get(lang, "ideas.status." + (s ?? idea.Status).Key());
        var (heading, body, detailsId) = e.Kind switch
        {
            IdeaEventKind.Comment => (strings.Format(lang, "ideasTriage.notice.answer", idea.Id, title), text, idea.Id),
            IdeaEventKind.Merged when e.ToStatus == IdeaStatus.Merged => (strings.Format(lang, "ideasTriage.notice.status", idea.Id, title, StatusWord(IdeaStatus.Merged)),
                strings.Format(lang, "ideasTriage.notice.mergedAway", otherId ?? idea.Id, other), otherId ?? idea.Id),
            IdeaEventKind.Merged => (strings.Format(lang, "ideasTriage.notice.mergedIn", idea.Id, title),
                strings.Format(lang, "ideasTriage.notice.mergedFrom", otherId ?? idea.Id, other), idea.Id),
            _ => (strings.Format(lang, "ideasTriage.notice.status", idea.Id, title, StatusWord(e.ToStatus)),
                text.Length > 0 ? strings.Format(lang, "ideasTriage.notice.reason", text) : "", idea.Id),
        };
        return cards.Render("ideas/notice", lang, new JsonObject
        {
            ["ideaId"] = detailsId,
            ["heading"] = heading,
            ["text"] = body,
            ["hasText"] = body.Length > 0,
            ["detailsTitle"] = strings.Format(lang, "ideasTriage.notice.details", detailsId),
        });
    }
}
