using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Digests.Channel;

/// <summary>
/// "Aktualisieren" on the channel card (Action.Execute, everyone in the channel may click it): the week drawn again,
/// answered in the invoke response (Teams shows it to the clicker at once) and, when it changed, written to the
/// channel's message through the outbox so everyone sees the same. The edition comes from card data, so it must be a
/// channel edition clicked in that very channel; a card pasted elsewhere or an edited payload changes nothing.
/// </summary>
public sealed class RefreshChannelDigest(LabDbContext db, ChannelEditions editions) : IVerbHandler
{
    public const string Verb = "digests.refreshChannel";

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "edition", out var id)) return turn.ErrorCard(turn.Word("digestsChannel.unknown"));
        var edition = await db.DigestEditions().AsNoTracking().SingleOrDefaultAsync(e => e.Id == id && e.Kind == DigestKind.Channel, ct);
        if (edition is null) return turn.ErrorCard(turn.Word("digestsChannel.unknown"));
        if (!string.Equals(ChannelOf(turn.ConversationId), edition.Audience, StringComparison.Ordinal))
            return turn.ErrorCard(turn.Word("digestsChannel.elsewhere"));
        var (_, card) = await editions.RefreshAsync(edition, ct);
        return new VerbResult.Card(card);
    }

    /// <summary>A click in a channel names the thread too ("19:…@thread.tacv2;messageid=…"); the channel is the part before.</summary>
    internal static string ChannelOf(string conversationId)
    {
        var cut = conversationId.IndexOf(';', StringComparison.Ordinal);
        return cut < 0 ? conversationId : conversationId[..cut];
    }
}
