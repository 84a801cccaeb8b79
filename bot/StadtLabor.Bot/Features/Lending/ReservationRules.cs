using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>What the rules look at: the request and the facts read under the item lock.</summary>
/// <param name="FreeUnits">From <see cref="AvailabilitySnapshot.Free"/> for the range (without this reservation when it is changed).</param>
/// <param name="OpenOfPerson">The person's reservations not yet returned (without this one when it is changed).</param>
/// <param name="UnitsOfItemHeldByPerson">Units of this item the person holds in other reservations overlapping the range.</param>
/// <param name="HasTraining">Attended a session of the item's training tool (true when the item needs none).</param>
/// <param name="Extension">Only the return moves (while lent): pickup rules and the lead time do not apply.</param>
/// <param name="PickupKept">A change of dates that keeps the pickup as it was: the lab packs as planned, so the lead time is not asked again.</param>
public sealed record ReservationRequest(
    LendingItem Item, int Quantity, LendingRange Range, DateTime NowUtc,
    int FreeUnits, int OpenOfPerson, int UnitsOfItemHeldByPerson, bool HasTraining, bool Extension = false, bool PickupKept = false);

/// <summary>
/// A rule that said no, with the values the message needs. The card shows the word lendingRules.&lt;Rule&gt;
/// formatted with <see cref="Values"/> (already in words where they are dates), and keeps the person's input.
/// </summary>
public sealed record BrokenRule(string Rule, params object[] Values);

/// <summary>
/// The reservation rules, each small and named, in the order a person should hear about them. One owner: reserve,
/// change dates and extend all ask <see cref="Check"/>; "Was ist frei?" uses the time rules alone. Times are judged
/// as the lab reads a clock (Europe/Berlin): opening hours and working days on the local date, durations in
/// calendar days (max) and real hours (min), so a loan across a daylight-saving Sunday is neither longer nor shorter.
/// </summary>
public static class ReservationRules
{
    public const string Retired = "retired";
    public const string NotAlone = "notAlone";
    public const string Quantity = "quantity";
    public const string Order = "order";
    public const string MinDuration = "minDuration";
    public const string MaxDuration = "maxDuration";
    public const string LeadTime = "leadTime";
    public const string MaxAdvance = "maxAdvance";
    public const string PickupDay = "pickupDay";
    public const string ReturnDay = "returnDay";
    public const string PickupHours = "pickupHours";
    public const string ReturnHours = "returnHours";
    public const string Training = "training";
    public const string OpenLimit = "openLimit";
    public const string PersonLimit = "personLimit";
    public const string NotFree = "notFree";

    /// <summary>Every rule that the request breaks (empty: it may be reserved), in a stable order.</summary>
    public static IReadOnlyList<BrokenRule> Check(ReservationRequest r, LendingOptions o, string lang)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(o);
        var broken = new List<BrokenRule>();
        if (r.Item.IsRetired) return [new BrokenRule(Retired, r.Item.Name)];
        if (!r.Item.LendableAlone) return [new BrokenRule(NotAlone, r.Item.Name)];
        if (r.Quantity < 1 || r.Quantity > r.Item.Quantity) broken.Add(new BrokenRule(Quantity, r.Item.Quantity));
        broken.AddRange(TimeRules(r.Item, r.Range, r.NowUtc, o, lang, r.Extension, r.PickupKept));
        if (!r.HasTraining) broken.Add(new BrokenRule(Training, r.Item.Name));
        if (!r.Extension && r.OpenOfPerson >= o.MaxOpenPerPerson) broken.Add(new BrokenRule(OpenLimit, o.MaxOpenPerPerson));
        if (r.Item.MaxPerPerson is { } most && r.UnitsOfItemHeldByPerson + r.Quantity > most)
            broken.Add(new BrokenRule(PersonLimit, most, r.Item.Name));
        // Only worth saying when the dates themselves are fine: otherwise the person fixes those first.
        if (broken.Count == 0 && r.FreeUnits < r.Quantity) broken.Add(new BrokenRule(NotFree, r.FreeUnits, r.Quantity));
        return broken;
    }

    /// <summary>The rules about the dates alone (also for "Was ist frei?", before any item is chosen).</summary>
    public static IReadOnlyList<BrokenRule> TimeRules(LendingItem? item, LendingRange range, DateTime nowUtc, LendingOptions o, string lang, bool extension = false,
        bool pickupKept = false)
    {
        ArgumentNullException.ThrowIfNull(o);
        var broken = new List<BrokenRule>();
        if (range.ToUtc <= range.FromUtc) return [new BrokenRule(Order)];

        var from = range.FromBerlin;
        var to = range.ToBerlin;
        if (!extension)
        {
            if ((range.ToUtc - range.FromUtc).TotalHours < o.MinHours) broken.Add(new BrokenRule(MinDuration, o.MinHours));
            if (!pickupKept && range.FromUtc < nowUtc.AddHours(o.LeadHours)) broken.Add(new BrokenRule(LeadTime, o.LeadHours));
            if (DateOnly.FromDateTime(from) > DateOnly.FromDateTime(TrainingTime.ToBerlin(nowUtc)).AddDays(o.MaxAdvanceDays))
                broken.Add(new BrokenRule(MaxAdvance, o.MaxAdvanceDays));
            if (!IsOpenDay(from, o)) broken.Add(new BrokenRule(PickupDay, Day(lang, from, nowUtc)));
            else if (!WithinHours(from, o)) broken.Add(new BrokenRule(PickupHours, Day(lang, from, nowUtc), Hours(from, o)));
        }
        var maxDays = item?.MaxDays ?? o.MaxDays;
        if (DateOnly.FromDateTime(to).DayNumber - DateOnly.FromDateTime(from).DayNumber > maxDays) broken.Add(new BrokenRule(MaxDuration, maxDays));
        if (!IsOpenDay(to, o)) broken.Add(new BrokenRule(ReturnDay, Day(lang, to, nowUtc)));
        else if (!WithinHours(to, o)) broken.Add(new BrokenRule(ReturnHours, Day(lang, to, nowUtc), Hours(to, o)));
        return broken;
    }

    /// <summary>A working day in NRW on which the lab has opening hours.</summary>
    public static bool IsOpenDay(DateTime berlinLocal, LendingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return WorkingDays.IsWorkingDay(DateOnly.FromDateTime(berlinLocal)) && o.HoursOn(berlinLocal.DayOfWeek) is not null;
    }

    /// <summary>Between opening and closing on that weekday (closing included: a return at 16:00 is fine).</summary>
    public static bool WithinHours(DateTime berlinLocal, LendingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.HoursOn(berlinLocal.DayOfWeek) is not { } hours) return false;
        var t = TimeOnly.FromDateTime(berlinLocal);
        return t >= hours.Opens && t <= hours.Closes;
    }

    /// <summary>"08:00–16:00", or "" when the lab is closed that weekday.</summary>
    public static string Hours(DateTime berlinLocal, LendingOptions o) =>
        o.HoursOn(berlinLocal.DayOfWeek) is { } h ? $"{h.Opens:HH\\:mm}–{h.Closes:HH\\:mm}" : "";

    private static string Day(string lang, DateTime berlinLocal, DateTime nowUtc) =>
        StadtLabor.Bot.Cards.Wording.Day(lang, DateOnly.FromDateTime(berlinLocal), nowUtc);
}
