using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.Features.Digests.Channel;

public enum EditionOutcome
{
    /// <summary>A new card went into the outbox for the channel.</summary>
    Posted,
    /// <summary>The posted card is replaced in place (Revision + 1).</summary>
    Updated,
    /// <summary>The card says what it already said: no message.</summary>
    Unchanged,
    /// <summary>Nothing to say and Digests:PostWhenEmpty is off.</summary>
    NothingToSay,
    /// <summary>No serviceUrl configured and the bot has never heard from that channel.</summary>
    NoConversation,
}

/// <summary>
/// The channel's edition of a week (digest_editions, Kind Channel, PeriodKey = the Monday, Audience = the channel's
/// conversation id) and the one message it posted. A second publish of the same week, or "Aktualisieren", replaces
/// that message (the outbox's update of the message it sent, UpdatesDedupeKey = the post's key) and raises the
/// revision, but only when the card changed: a refresh clicked by many people writes one update, not many. The
/// revision is raised by a conditional UPDATE, so two refreshes at once write one update between them.
/// </summary>
public sealed class ChannelEditions(LabDbContext db, OutboxWriter outbox, ChannelDigestSource source, ChannelDigestCard card,
    IConversationDirectory directory, TimeProvider time)
{
    /// <summary>The post's business key: per channel and week, so even a lost edition row never posts the week twice.</summary>
    public static string PostKey(string periodKey, string conversationId) => $"digests.channel:{periodKey}:{Short(conversationId)}";

    public static string UpdateKey(long editionId, int revision) => $"digests.channel:{editionId}:r{revision}";

    public async Task<(EditionOutcome Outcome, JsonObject? Card)> PublishAsync(DigestChannel channel, ChannelDigestWindow window, bool postWhenEmpty,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(window);
        var lang = channel.Language;
        var content = await source.LoadAsync(window, ct);
        var edition = await db.DigestEditions().AsNoTracking()
            .SingleOrDefaultAsync(e => e.Kind == DigestKind.Channel && e.PeriodKey == window.PeriodKey && e.Audience == channel.ConversationId, ct);
        // A posted card is kept current even when its week has emptied; only a first post waits for something to say.
        if (edition is not null) return await UpdateAsync(edition, content, ct);
        if (!ChannelDigestWeek.ShouldPost(content.ItemCount, postWhenEmpty)) return (EditionOutcome.NothingToSay, null);
        if (await TargetAsync(channel, ct) is not { } target) return (EditionOutcome.NoConversation, null);

        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        var row = new DigestEdition
        {
            Kind = DigestKind.Channel,
            PeriodKey = window.PeriodKey,
            Audience = channel.ConversationId,
            Language = lang,
            OutboxDedupeKey = PostKey(window.PeriodKey, channel.ConversationId),
            ItemCount = content.ItemCount,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        db.DigestEditions().Add(row);
        await db.SaveChangesAsync(ct);
        var drawn = card.Render(content, lang, row.Id);
        await outbox.ToConversationAsync(row.OutboxDedupeKey, target.TenantId, target.ServiceUrl, target.ConversationId, Activity.Card(drawn), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (EditionOutcome.Posted, drawn);
    }

    /// <summary>"Aktualisieren": the edition's week drawn again now; the channel's message follows when it changed.</summary>
    public async Task<(EditionOutcome Outcome, JsonObject Card)> RefreshAsync(DigestEdition edition, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(edition);
        if (!ChannelDigestWeek.TryParsePeriodKey(edition.PeriodKey, out var monday))
            throw new InvalidOperationException("A channel edition's period key is not a Monday.");
        var content = await source.LoadAsync(ChannelDigestWeek.Window(monday, time.GetUtcNow().UtcDateTime), ct);
        var (outcome, drawn) = await UpdateAsync(edition, content, ct);
        return (outcome, drawn!);
    }

    private async Task<(EditionOutcome, JsonObject?)> UpdateAsync(DigestEdition edition, ChannelDigestContent content, CancellationToken ct)
    {
        var drawn = card.Render(content, edition.Language, edition.Id);
        var activity = Activity.Card(drawn);
        var lastKey = edition.Revision == 0 ? edition.OutboxDedupeKey : UpdateKey(edition.Id, edition.Revision);
        var last = await db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey == lastKey).Select(m => m.ActivityJson).SingleOrDefaultAsync(ct);
        if (last == JsonSerializer.Serialize(activity, ConnectorJson.Options)) return (EditionOutcome.Unchanged, drawn);

        await using var tx = await LabTransaction.BeginAsync(db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var next = edition.Revision + 1;
        // Whoever raises the revision first writes the update; a second refresh at the same moment shows its card only.
        var raised = await db.DigestEditions()
            .Where(e => e.Id == edition.Id && e.Revision == edition.Revision)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Revision, next).SetProperty(e => e.ItemCount, content.ItemCount)
                .SetProperty(e => e.UpdatedAtUtc, now), ct);
        if (raised == 0) return (EditionOutcome.Unchanged, drawn);
        // The original post may be gone (sent messages are purged after 30 days): then the card answers the clicker only.
        await outbox.UpdateAsync(UpdateKey(edition.Id, next), edition.OutboxDedupeKey, activity, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (EditionOutcome.Updated, drawn);
    }

    private async Task<KnownConversation?> TargetAsync(DigestChannel channel, CancellationToken ct)
    {
        if (channel.ServiceUrl is { Length: > 0 } url && channel.TenantId is { Length: > 0 } tenant)
            return new KnownConversation(channel.ConversationId, url, tenant);
        // Without configured addresses: the reference Teams gave when the app was added to the team.
        return await directory.FindConversationAsync(channel.ConversationId, ct);
    }

    private static string Short(string conversationId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conversationId)))[..16];
}
