using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests.Personal;

/// <summary>
/// Working days at 7:30 Berlin: the personal digests due today (<see cref="PersonalDigestPlan"/>: daily people every
/// working day, weekly people on the week's first working day) to everyone with the app in their 1:1 chat or with a
/// digest choice, except those who switched it off. One <see cref="DigestEdition"/> per person and period (the unique
/// index) and one outbox message in the same transaction, keyed by period and person: a re-run or a run on a second
/// instance sends nothing twice, a choice saved before the run counts for this edition, one saved after for the next.
/// Nobody with nothing to read gets a message. Batches of <see cref="Batch"/> people: one query per feature and batch.
/// Caught up late (after a restart), the messages wait for the end of quiet hours.
/// </summary>
public sealed partial class SendPersonalDigests(
    LabDbContext db, OutboxWriter outbox, PersonalDigestContent content, PersonalDigestCard card, DigestSettings settings,
    Languages languages, IGroupDirectory directory, IOptions<DigestsOptions> digestOptions, IOptions<BotOptions> bot,
    TimeProvider time, ILogger<SendPersonalDigests> log) : ILabJob
{
    public const string Name = "PersonalDigests";
    public const string DefaultCron = "0 30 7 ? * MON-FRI";
    public const int Batch = 500;

    public static string Key(string periodKey, string user) => $"digests.personal:{periodKey}:{user}";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(period.Start.DateTime);
        var now = time.GetUtcNow().UtcDateTime;
        var sent = 0;
        foreach (var group in (await RecipientsAsync(ct)).GroupBy(r => (r.TenantId, r.Choice.Frequency)))
        {
            if (PersonalDigestPlan.For(group.Key.Frequency, today) is not { } due) continue;
            foreach (var batch in group.Select(r => r.UserAadObjectId).Chunk(Batch))
                sent += await SendAsync(group.Key.TenantId, batch, due, now, ct);
        }
        if (sent > 0) LogSent(log, sent, today.DayNumber);
    }

    /// <summary>
    /// People with the app in their personal chat (weekly unless they chose), members of Digests:PersonalGroups (the
    /// bot's tenant; the outbox installs the app for them when Graph may), and people who chose something.
    /// </summary>
    private async Task<List<(string TenantId, string UserAadObjectId, DigestChoice Choice)>> RecipientsAsync(CancellationToken ct)
    {
        var people = new Dictionary<(string, string), DigestChoice>();
        foreach (var group in digestOptions.Value.PersonalGroups)
        {
            if (await directory.MembersAsync(group, ct) is not { } members)
            {
                // Graph cannot tell now: this run reaches the group's members who have the app; the next run tries again.
                LogGroupUnknown(log, group);
                continue;
            }
            foreach (var member in members) people[(bot.Value.TenantId, member)] = DigestSettings.Default;
        }
        var installed = await db.Installations().AsNoTracking()
            .Where(i => i.Active && i.ConversationType == "personal" && i.UserAadObjectId != null)
            .Select(i => new { i.TenantId, i.UserAadObjectId }).Distinct().ToListAsync(ct);
        foreach (var i in installed) people[(i.TenantId, i.UserAadObjectId!)] = DigestSettings.Default;
        foreach (var (tenant, user, choice) in await settings.ChosenAsync(ct)) people[(tenant, user)] = choice;
        return [.. people.Where(p => p.Value.Frequency != DigestFrequency.Off)
            .Select(p => (p.Key.Item1, p.Key.Item2, p.Value)).OrderBy(p => p.Item2, StringComparer.Ordinal)];
    }

    private async Task<int> SendAsync(string tenant, IReadOnlyList<string> users, PersonalPeriod due, DateTime now, CancellationToken ct)
    {
        var done = (await db.DigestEditions().AsNoTracking()
            .Where(e => e.Kind == DigestKind.Personal && e.PeriodKey == due.Key && users.Contains(e.Audience))
            .Select(e => e.Audience).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var todo = users.Where(u => !done.Contains(u)).ToList();
        if (todo.Count == 0) return 0;

        var facts = await content.ReadAsync(todo, due, now, ct);
        var langs = await languages.ForPeopleAsync(tenant, todo, ct);
        var editions = new List<(DigestEdition Edition, IReadOnlyList<DigestSection> Sections)>();
        foreach (var user in todo)
        {
            var lang = langs.Of(user, languages.Default(null));
            var sections = content.Sections(facts, user, lang, now);
            if (sections.Count == 0) continue;
            editions.Add((new DigestEdition
            {
                Kind = DigestKind.Personal,
                PeriodKey = due.Key,
                Audience = user,
                Language = lang,
                OutboxDedupeKey = Key(due.Key, user),
                ItemCount = sections.Sum(s => s.Lines.Count),
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            }, sections));
        }
        if (editions.Count == 0) return 0;

        await using var tx = await LabTransaction.BeginAsync(db, ct);
        db.DigestEditions().AddRange(editions.Select(e => e.Edition));
        // The edition's id goes on its buttons, so the rows are saved before the cards are rendered.
        await db.SaveChangesAsync(ct);
        var added = await outbox.ToUsersAsync(tenant, editions.Select(e => (e.Edition.OutboxDedupeKey, e.Edition.Audience,
            Activity.Card(card.Render(e.Edition.Language, due, e.Sections, e.Edition.Id, now)))), ct, settings.NotBeforeUtc(now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // Thousands of rows in one context slow every later save's change detection.
        db.ChangeTracker.Clear();
        return added;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Personal digests enqueued: {Count} (day {Day})")]
    private static partial void LogSent(ILogger logger, int count, int day);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Personal digests: the members of Entra group {Group} could not be read; this run reaches only those who have the app")]
    private static partial void LogGroupUnknown(ILogger logger, string group);
}
