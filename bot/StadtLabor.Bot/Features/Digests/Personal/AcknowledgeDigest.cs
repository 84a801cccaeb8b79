using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests.Personal;

/// <summary>
/// "Gelesen" / "Erledigt" / "Später (Montag)" on a personal or role digest (digests.ack, data {edition, answer}).
/// Teams has no read receipts; this is the measurable answer instead. Only the edition's own reader may answer (the
/// person from the signed activity must be its Audience; a channel edition has none): anyone else is refused and
/// nothing changes. One row per edition and person (a second click changes the answer). The card is updated in place:
/// the posted card (from its outbox message, so a role digest keeps its own content) with a line saying what was noted
/// on top. "Später" sends the same card again next Monday at 7:30 (the next working day when Monday is a holiday);
/// answering "Gelesen" or "Erledigt" before then takes that reminder back.
/// </summary>
public sealed class AcknowledgeDigest(LabDbContext db, OutboxWriter outbox, CardRenderer cards, TimeProvider time) : IVerbHandler
{
    public const string Verb = "digests.ack";

    /// <summary>The id of the line this verb puts on top of the card; replaced on the next click.</summary>
    public const string NoticeId = "digestAck";

    public static string LaterKey(long editionId) => $"digests.later:{editionId}";

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        if (EditionId(data["edition"]) is not { } editionId || Answer(data["answer"]) is not { } answer)
            return new VerbResult.Refused(400, "BadRequest", turn.Word("digestsPersonal.refuse.badRequest"));
        if (turn.UserAadObjectId is not { Length: > 0 } user || turn.Activity.TenantId is not { Length: > 0 } tenant)
            return new VerbResult.Refused(403, "Forbidden", turn.Word("digestsPersonal.refuse.unknownUser"));
        var edition = await db.DigestEditions().AsNoTracking().SingleOrDefaultAsync(e => e.Id == editionId, ct);
        if (edition is null)
            return new VerbResult.Refused(404, "NotFound", turn.Word("digestsPersonal.refuse.unknownEdition"));
        // Said plainly, without telling whose it is.
        if (edition.Kind == DigestKind.Channel || !string.Equals(edition.Audience, user, StringComparison.Ordinal))
            return new VerbResult.Refused(403, "Forbidden", turn.Word("digestsPersonal.refuse.notYours"));

        var now = time.GetUtcNow().UtcDateTime;
        var value = (int)answer;
        // One statement that inserts or updates: the same click delivered twice at once gives one row.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO digest_acknowledgements ("EditionId", "UserAadObjectId", "Answer", "AnsweredAtUtc")
            VALUES ({edition.Id}, {user}, {value}, {now})
            ON CONFLICT ("EditionId", "UserAadObjectId") DO UPDATE SET "Answer" = excluded."Answer", "AnsweredAtUtc" = excluded."AnsweredAtUtc"
            """, ct);

        var original = await OriginalCardAsync(edition, ct);
        var laterUtc = PersonalDigestPlan.LaterUtc(LabTime.BerlinDate(new DateTimeOffset(now, TimeSpan.Zero)));
        if (answer == DigestAnswer.Later)
        {
            if (original is not null)
                await outbox.ToUserAsync(LaterKey(edition.Id), tenant, user,
                    Activity.Card(WithNotice(original, turn.Word("digestsPersonal.reminder"))), ct, laterUtc);
        }
        else
        {
            // A reminder not sent yet is taken back: the person has dealt with it.
            await OutboxWithdrawal.UnsentAsync(db, [LaterKey(edition.Id)], ct);
        }
        await db.SaveChangesAsync(ct);

        var notice = answer == DigestAnswer.Later
            ? turn.Format("digestsPersonal.acked.later", Wording.Moment(turn.Lang, laterUtc, now))
            : turn.Word("digestsPersonal.acked." + Name(answer));
        return new VerbResult.Card(original is null
            ? cards.Render("digests/personalAcknowledged", turn.Lang, new JsonObject { ["notice"] = notice })
            : WithNotice(original, notice));
    }

    /// <summary>The card as posted (or as last updated through the outbox), from its outbox message; null once purged.</summary>
    private async Task<JsonObject?> OriginalCardAsync(DigestEdition edition, CancellationToken ct)
    {
        var json = await db.OutboxMessages().AsNoTracking()
            .Where(m => m.DedupeKey == edition.OutboxDedupeKey || m.UpdatesDedupeKey == edition.OutboxDedupeKey)
            .OrderByDescending(m => m.Id).Select(m => m.ActivityJson).FirstOrDefaultAsync(ct);
        if (json is null) return null;
        return JsonNode.Parse(json)?["attachments"]?[0]?["content"] is JsonObject card ? card.DeepClone().AsObject() : null;
    }

    /// <summary>The card with the notice as its first line (a notice put there before is replaced, not stacked).</summary>
    internal static JsonObject WithNotice(JsonObject card, string notice)
    {
        var copy = card.DeepClone().AsObject();
        if (copy["body"] is not JsonArray body) copy["body"] = body = [];
        foreach (var old in body.OfType<JsonObject>().Where(b => b["id"]?.GetValue<string>() == NoticeId).ToList()) body.Remove(old);
        body.Insert(0, new JsonObject
        {
            ["type"] = "TextBlock",
            ["id"] = NoticeId,
            ["text"] = CardText.Markdown(notice),
            ["weight"] = "Bolder",
            ["wrap"] = true,
        });
        return copy;
    }

    private static long? EditionId(JsonNode? node) => node is JsonValue v ? v.GetValueKind() switch
    {
        JsonValueKind.Number when v.TryGetValue<long>(out var n) => n,
        JsonValueKind.String when long.TryParse(v.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
        _ => null,
    } : null;

    private static DigestAnswer? Answer(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() switch
        {
            "read" => DigestAnswer.Read,
            "done" => DigestAnswer.Done,
            "later" => DigestAnswer.Later,
            _ => null,
        } : null;

    private static string Name(DigestAnswer answer) => answer switch
    {
        DigestAnswer.Read => "read",
        DigestAnswer.Done => "done",
        _ => "later",
    };
}
