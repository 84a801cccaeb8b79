using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Pages.Lending;

/// <summary>The top of a checklist page, said as the desk card says it: what, who, when and where, the status.</summary>
public sealed record LoanHeader(string What, string Who, string When, string Place, string Status)
{
    public static async Task<LoanHeader> LoadAsync(LabDbContext db, Strings strings, string lang, LendingReservation r, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var name = (await DeskView.NamesAsync(db, [r.ItemId], ct)).GetValueOrDefault(r.ItemId, "");
        return new LoanHeader(
            DeskView.What(name, r.Quantity),
            DeskView.Who(strings, lang, r),
            TrainingTime.Span(lang, r.StartsAtUtc, r.EndsAtUtc),
            CardText.Plain(r.PickupPlace),
            strings.Get(lang, "lendingDesk.status." + DeskCards.StatusKey(r.Status)));
    }
}
