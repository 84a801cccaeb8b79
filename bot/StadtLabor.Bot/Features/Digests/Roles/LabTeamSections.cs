using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Lending.Digest;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Digests.Roles;

/// <summary>
/// The lab team's sections: the week's trainings with their seats, pickups, returns (and loans already overdue),
/// units in maintenance, and the messages the outbox gave up on (kind and reason only, never content or recipient).
/// </summary>
public sealed class LabTeamSections(Strings strings)
{
    private const string W = "digestsRoles.";

    public async Task<SectionData> BuildAsync(RoleWeek week, RoleSection section, string lang, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(week);
        var culture = Strings.Culture(lang);
        string N(int n) => n.ToString("N0", culture);
        switch (section)
        {
            case RoleSection.LabTrainings:
                return RoleDigestCard.Section(strings, lang, section, [.. week.Sessions.Select(s =>
                {
                    var when = Wording.Moment(lang, s.StartsAtUtc, week.NowUtc);
                    var title = CardText.Plain(s.Title, 80);
                    var seats = s.Waiting > 0 ? strings.Format(lang, W + "row.seatsWaiting", N(s.Taken), N(s.Capacity), N(s.Waiting))
                        : strings.Format(lang, W + "row.seats", N(s.Taken), N(s.Capacity));
                    return RoleDigestCard.Row(strings.Format(lang, W + "row.session", when, title), seats,
                        strings.Format(lang, W + "button.participants", title, when), "trainings.participants", new JsonObject { ["sessionId"] = s.Id });
                })], week.Sessions.Count, strings.Get(lang, W + "button.trainings"), "trainings.manage");
            case RoleSection.LabPickups:
            {
                var desk = await week.DeskAsync(lang, ct);
                return RoleDigestCard.Section(strings, lang, section, [.. desk.Pickups.Select(p => RoleDigestCard.Row(
                    strings.Format(lang, W + "row.pickup", Wording.Moment(lang, p.AtUtc, week.NowUtc), p.What, p.Who),
                    p.NotApproved ? strings.Get(lang, W + "row.notApproved") : ""))], desk.Pickups.Count,
                    strings.Get(lang, W + "button.today"), "lendingAdmin.today");
            }
            case RoleSection.LabReturns:
            {
                var desk = await week.DeskAsync(lang, ct);
                var rows = desk.Overdue.Select(r => RoleDigestCard.Row(
                        strings.Format(lang, W + "row.overdueReturn", Wording.Moment(lang, r.AtUtc, week.NowUtc), r.What, r.Who), ""))
                    .Concat(desk.Returns.Select(r => RoleDigestCard.Row(
                        strings.Format(lang, W + "row.return", Wording.Moment(lang, r.AtUtc, week.NowUtc), r.What, r.Who), "")));
                return RoleDigestCard.Section(strings, lang, section, [.. rows], desk.Overdue.Count + desk.Returns.Count,
                    strings.Get(lang, W + "button.lending"), "lendingAdmin.overview");
            }
            case RoleSection.LabMaintenance:
            {
                var desk = await week.DeskAsync(lang, ct);
                return RoleDigestCard.Section(strings, lang, section, [.. desk.Maintenance.Select(m => RoleDigestCard.Row(
                    strings.Format(lang, W + "row.maintenance", m.What, strings.Get(lang, m.ReasonKey)),
                    m.UntilUtc is { } until ? strings.Format(lang, W + "row.until", Wording.Moment(lang, until, week.NowUtc))
                        : strings.Get(lang, W + "row.untilCleared")))], desk.Maintenance.Count,
                    strings.Get(lang, W + "button.blocks"), "lendingAdmin.blocks");
            }
            default:
                return RoleDigestCard.Section(strings, lang, section, [.. week.DeadLetters.Select(d => RoleDigestCard.Row(
                    strings.Format(lang, W + "row.dead", CardText.Plain(d.Kind, 60), Wording.Moment(lang, d.CreatedAtUtc, week.NowUtc),
                        d.Attempts.ToString(CultureInfo.InvariantCulture)), ""))], week.Outbox.Dead,
                    strings.Get(lang, W + "button.outbox"), "outbox.status");
        }
    }
}
