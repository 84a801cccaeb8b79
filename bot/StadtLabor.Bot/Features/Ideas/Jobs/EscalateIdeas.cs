using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Ideas.Jobs;

/// <summary>
/// Working days at 8:00: an open idea without a first public answer whose due day is over goes one step up per run
/// (<see cref="Idea.EscalationLevel"/>): 1 the assigned Lotse in their 1:1 chat (none assigned: straight to 2),
/// 2 the Lotsen channel (none set or the bot not in it: straight to 3), 3 the innovation department's channel or,
/// without one, the 1:1 chats of the people who hold Innovation (by object id or Entra group, <see cref="RoleHolders"/>). One step per idea and working day: the
/// step is taken only when the idea's last escalation was before the run's day, so a second run, a retry or a run
/// after a restart on the same day does nothing more, and a run that was missed (the app was down) continues where
/// the stored level stands. The level is raised by a conditional update (WHERE EscalationLevel = the one read, still
/// unanswered and open), not under the IdeaLock: it must not make a Lotse's open card stale, and an answer committing
/// meanwhile wins. The message goes out with the history entry in the same transaction, keyed by idea and level.
/// </summary>
public sealed partial class EscalateIdeas(
    LabDbContext db, OutboxWriter outbox, EscalationCard cards, Languages languages, IConversationDirectory directory,
    RoleHolders holders, IOptions<IdeasOptions> options, TimeProvider time, ILogger<EscalateIdeas> log) : ILabJob
{
    public const string Name = "EscalateIdeas";
    public const string DefaultCron = "0 0 8 ? * MON-FRI";
    public const int Top = 3;

    public static string Key(long ideaId, int level) => $"ideas.escalate:{ideaId}:{level}";

    /// <summary>Step 3 to several people's 1:1 chats: one message each, under the step's key.</summary>
    public static string Key(long ideaId, int level, string userAadObjectId) => $"{Key(ideaId, level)}:{userAadObjectId}";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(period.Start.DateTime);
        // The schedule skips weekends and holidays; a retry or a hand-started run on such a day must not escalate either.
        if (!WorkingDays.IsWorkingDay(today)) return;

        var due = await db.Ideas().AsNoTracking()
            .Where(i => i.FirstPublicAnswerAtUtc == null && i.FirstResponseDueOn < today && i.EscalationLevel < Top
                && i.Status != IdeaStatus.Done && i.Status != IdeaStatus.Rejected && i.Status != IdeaStatus.Merged)
            .OrderBy(i => i.Id).ToListAsync(ct);
        if (due.Count == 0) return;
        var ids = due.Select(i => i.Id).ToList();
        var lastEscalated = (await db.IdeaEvents().AsNoTracking()
                .Where(e => ids.Contains(e.IdeaId) && e.Kind == IdeaEventKind.Escalated)
                .GroupBy(e => e.IdeaId).Select(g => new { IdeaId = g.Key, At = g.Max(e => e.CreatedAtUtc) }).ToListAsync(ct))
            .ToDictionary(e => e.IdeaId, e => Report.IdeaFigures.BerlinDay(e.At));

        var lotsen = await ChannelAsync(options.Value.LotsenConversationId, ct);
        var innovation = await ChannelAsync(options.Value.InnovationConversationId, ct);
        var innovationPeople = await holders.ObjectIdsAsync(Role.Innovation, ct);
        var steps = 0;
        foreach (var idea in due)
        {
            if (lastEscalated.TryGetValue(idea.Id, out var last) && last >= today) continue;
            var level = idea.EscalationLevel + 1;
            if (level == 1 && idea.AssignedAadObjectId is null) level = 2;
            if (level == 2 && lotsen is null) level = 3;
            if (await StepAsync(idea, level, today, lotsen, innovation, innovationPeople, ct)) steps++;
        }
        if (steps > 0) LogEscalated(log, steps);
    }

    private async Task<bool> StepAsync(Idea idea, int level, DateOnly today, KnownConversation? lotsen, KnownConversation? innovation,
        IReadOnlyList<string> innovationPeople, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        var old = idea.EscalationLevel;
        var raised = await db.Ideas()
            .Where(i => i.Id == idea.Id && i.EscalationLevel == old && i.FirstPublicAnswerAtUtc == null
                && i.Status != IdeaStatus.Done && i.Status != IdeaStatus.Rejected && i.Status != IdeaStatus.Merged)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.EscalationLevel, level), ct);
        // Answered, closed or escalated by another instance since it was read: nothing to do.
        if (raised != 1) return false;

        var now = time.GetUtcNow().UtcDateTime;
        db.IdeaEvents().Add(new IdeaEvent { IdeaId = idea.Id, Kind = IdeaEventKind.Escalated, Public = false, CreatedAtUtc = now });
        switch (level)
        {
            case 1:
                var lang = await languages.ForPersonAsync(idea.TenantId, idea.AssignedAadObjectId!, Strings.German, ct);
                await outbox.ToUserAsync(Key(idea.Id, 1), idea.TenantId, idea.AssignedAadObjectId!, Activity.Card(cards.Render(idea, 1, today, lang, now)), ct);
                break;
            case 2:
                await outbox.ToConversationAsync(Key(idea.Id, 2), lotsen!.TenantId, lotsen.ServiceUrl, lotsen.ConversationId,
                    Activity.Card(cards.Render(idea, 2, today, Strings.German, now)), ct);
                break;
            default:
                if (innovation is not null)
                {
                    await outbox.ToConversationAsync(Key(idea.Id, 3), innovation.TenantId, innovation.ServiceUrl, innovation.ConversationId,
                        Activity.Card(cards.Render(idea, 3, today, Strings.German, now)), ct);
                }
                else if (innovationPeople.Count > 0)
                {
                    var langs = await languages.ForPeopleAsync(idea.TenantId, innovationPeople, ct);
                    await outbox.ToUsersAsync(idea.TenantId, innovationPeople.Select(p => (Key(idea.Id, 3, p), p,
                        Activity.Card(cards.Render(idea, 3, today, langs.Of(p, Strings.German), now)))), ct);
                }
                else
                {
                    // Still raised: without anyone to tell, trying again every day would change nothing.
                    LogNobody(log, idea.Id);
                }
                break;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task<KnownConversation?> ChannelAsync(string conversationId, CancellationToken ct) =>
        conversationId.Trim() is { Length: > 0 } id ? await directory.FindConversationAsync(id, ct) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Ideas without a first answer escalated: {Count}")]
    private static partial void LogEscalated(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idea {IdeaId} reached the last escalation step, but neither Ideas:InnovationConversationId nor a Roles:Innovation object id names anyone to tell")]
    private static partial void LogNobody(ILogger logger, long ideaId);
}
