using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// After a return (card lending/returnSummary): the borrower always gets what was counted back (their record of the
/// return); the lab team gets it too when something is missing or damaged, with the blocks set and the reservations
/// that can no longer be served (kept and flagged for them, see <see cref="ServeCheck"/>). Through the outbox in the
/// return's transaction, keyed by the reservation.
/// </summary>
public sealed class ReturnSummary(LabDbContext db, Checklist checklist, CardRenderer cards, Strings strings, Languages languages,
    OutboxWriter outbox, DeskRecipients labTeam, ServeCheck serve)
{
    public static string BorrowerKey(long reservationId) => $"lending.returned:{reservationId}";

    public static string LabTeamKeyPrefix(long reservationId) => $"lending.returnShort:{reservationId}";

    public async Task SendAsync(LendingReservation r, IReadOnlyList<MaintenanceBlock> blocks, IReadOnlyList<LendingReservation> affected, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(blocks);
        var lines = await checklist.LinesAsync(r.Id, CheckKind.Return, ct);
        var names = await DeskView.NamesAsync(db, lines.Select(l => l.ItemId).Append(r.ItemId), ct);
        var what = DeskView.What(names.GetValueOrDefault(r.ItemId, ""), r.Quantity);
        var lang = (await languages.ForPeopleAsync(r.TenantId, [r.UserAadObjectId], ct)).Of(r.UserAadObjectId, r.Lang);
        await outbox.ToUserAsync(BorrowerKey(r.Id), r.TenantId, r.UserAadObjectId,
            Activity.Card(Card(r, lines, names, what, lang, forLabTeam: false, new JsonArray())), ct);
        if (blocks.Count == 0) return;

        var affectedLines = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        foreach (var l in Strings.Languages) affectedLines[l] = await serve.LinesAsync(affected, l, ct);
        await labTeam.SendAsync(LabTeamKeyPrefix(r.Id), l => Card(r, lines, names, what, l, forLabTeam: true, affectedLines[l].DeepClone().AsArray()), ct);
    }

    private JsonObject Card(LendingReservation r, List<CheckLine> lines, Dictionary<long, string> names, string what, string lang,
        bool forLabTeam, JsonArray affected)
    {
        var rows = new JsonArray();
        foreach (var l in lines) rows.Add(new JsonObject { ["text"] = checklist.RecordedText(l, names.GetValueOrDefault(l.ItemId, ""), lang) });
        var complete = lines.All(l => !l.IsShort);
        var who = DeskView.Who(strings, lang, r);
        return cards.Render("lending/returnSummary", lang, new JsonObject
        {
            ["heading"] = forLabTeam
                ? strings.Format(lang, "lendingDesk.returnSummary.labHeading", what, who)
                : strings.Format(lang, "lendingDesk.returnSummary.heading", what),
            ["lines"] = rows,
            ["complete"] = complete,
            ["short"] = !complete,
            // The next step differs: the lab team goes to the blocks, the borrower to their loans (verb from data,
            // so one template serves both and its sample shows every button).
            ["nextVerb"] = forLabTeam ? "lendingAdmin.blocks" : "lending.mine",
            ["nextTitle"] = strings.Get(lang, forLabTeam ? "lendingDesk.returnSummary.toBlocks" : "lendingDesk.returnSummary.mine"),
            ["affected"] = affected,
            ["hasAffected"] = affected.Count > 0,
            ["affectedText"] = strings.Format(lang, "lendingDesk.returnSummary.affected", affected.Count.ToString(CultureInfo.InvariantCulture)),
        });
    }
}
