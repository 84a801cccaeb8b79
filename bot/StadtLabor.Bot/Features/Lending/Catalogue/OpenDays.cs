using System.Globalization;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>A day on which the lab hands over and takes back, with the part of its opening hours still reachable.</summary>
public readonly record struct OpenDay(DateOnly Date, DateTime FromUtc, DateTime ToUtc);

/// <summary>
/// The lab's calendar as the catalogue reads it: open days (NRW working days with opening hours, the same test the
/// reservation rules use), each from opening (or the first moment the lead time allows) to closing. Pure, so the
/// "next free dates" have their own unit tests; the free units always come from <see cref="AvailabilitySnapshot"/>.
/// </summary>
public static class OpenDays
{
    /// <summary>
    /// Open days from today (Berlin) up to <see cref="LendingOptions.MaxAdvanceDays"/> ahead, each cut to what can still
    /// be picked up: not before now plus the lead time. A day whose hours are all too soon is left out.
    /// </summary>
    public static IEnumerable<OpenDay> Ahead(DateTime nowUtc, LendingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var earliest = nowUtc.AddHours(o.LeadHours);
        var today = DateOnly.FromDateTime(TrainingTime.ToBerlin(nowUtc));
        for (var day = today; day <= today.AddDays(o.MaxAdvanceDays); day = day.AddDays(1))
        {
            if (At(day, o) is not { } open) continue;
            var from = open.FromUtc < earliest ? earliest : open.FromUtc;
            if (from < open.ToUtc) yield return open with { FromUtc = from };
        }
    }

    /// <summary>The opening hours of a day as UTC instants, or null when the lab is closed (weekend, holiday, no hours).</summary>
    public static OpenDay? At(DateOnly day, LendingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var midday = day.ToDateTime(new TimeOnly(12, 0));
        if (!ReservationRules.IsOpenDay(midday, o) || o.HoursOn(day.DayOfWeek) is not { } hours) return null;
        return new OpenDay(day, TrainingTime.ToUtc(day.ToDateTime(hours.Opens)), TrainingTime.ToUtc(day.ToDateTime(hours.Closes)));
    }

    /// <summary>The end of the last day a snapshot for <see cref="Ahead"/> has to cover.</summary>
    public static DateTime HorizonUtc(DateTime nowUtc, LendingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var today = DateOnly.FromDateTime(TrainingTime.ToBerlin(nowUtc));
        return TrainingTime.ToUtc(today.AddDays(o.MaxAdvanceDays + 1).ToDateTime(TimeOnly.MinValue));
    }

    /// <summary>
    /// The range a "Was ist frei?" form starts with: the first open day whose opening the lead time allows, from opening
    /// to closing; when that day is shorter than the shortest loan, the return moves to the next open day's closing.
    /// </summary>
    public static LendingRange DefaultRange(DateTime nowUtc, LendingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var days = Ahead(nowUtc, o).Select(d => At(d.Date, o)!.Value).Where(d => d.FromUtc >= nowUtc.AddHours(o.LeadHours)).Take(2).ToList();
        if (days.Count == 0)
        {
            // No open day in reach (a lab closed for months): tomorrow at noon, so the form still shows a date to change.
            var noon = TrainingTime.ToUtc(DateOnly.FromDateTime(TrainingTime.ToBerlin(nowUtc)).AddDays(1).ToDateTime(new TimeOnly(12, 0)));
            return new LendingRange(noon, noon.AddHours(o.MinHours));
        }
        var first = days[0];
        var to = (first.ToUtc - first.FromUtc).TotalHours >= o.MinHours || days.Count == 1 ? first.ToUtc : days[1].ToUtc;
        return new LendingRange(first.FromUtc, to);
    }

    /// <summary>"Mo.–Mi. 08:00–16:00 Uhr, Do. 08:00–17:30 Uhr, Fr. 08:00–12:30 Uhr": weekdays with the same hours joined.</summary>
    public static string HoursText(Strings words, string lang, LendingOptions o)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(o);
        DayOfWeek[] week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
        var parts = new List<string>();
        for (var i = 0; i < week.Length;)
        {
            if (o.HoursOn(week[i]) is not { } hours)
            {
                i++;
                continue;
            }
            var j = i;
            while (j + 1 < week.Length && o.HoursOn(week[j + 1]) == hours) j++;
            var days = i == j ? DayName(lang, week[i]) : $"{DayName(lang, week[i])}–{DayName(lang, week[j])}";
            var time = $"{hours.Opens.ToString("HH:mm", CultureInfo.InvariantCulture)}–{hours.Closes.ToString("HH:mm", CultureInfo.InvariantCulture)}";
            parts.Add(words.Format(lang, "lendingCatalogue.hoursDay", days, time));
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    private static string DayName(string lang, DayOfWeek day)
    {
        var name = Strings.Culture(lang).DateTimeFormat.GetAbbreviatedDayName(day);
        // As Wording.Day writes weekdays: "Mo." in German, "Mon" in English.
        return lang == Strings.English ? name : name.TrimEnd('.') + ".";
    }
}
