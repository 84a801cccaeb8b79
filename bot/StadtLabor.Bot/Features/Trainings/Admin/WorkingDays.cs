using StadtLabor.Bot.Cards;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// Weekends and NRW public holidays, for the warning on the session form: the administration does not work then, so
/// a session on such a day is usually a slip (a wrong click in the date picker), but a Saturday workshop can be meant.
/// </summary>
public static class WorkingDays
{
    /// <summary>The word key of each holiday, by the name <see cref="NrwHolidays"/> gives it (German, fixed by law).</summary>
    public static readonly IReadOnlyDictionary<string, string> HolidayKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Neujahr"] = "newYear",
        ["Karfreitag"] = "goodFriday",
        ["Ostermontag"] = "easterMonday",
        ["Tag der Arbeit"] = "labourDay",
        ["Christi Himmelfahrt"] = "ascension",
        ["Pfingstmontag"] = "whitMonday",
        ["Fronleichnam"] = "corpusChristi",
        ["Tag der Deutschen Einheit"] = "germanUnity",
        ["Allerheiligen"] = "allSaints",
        ["1. Weihnachtstag"] = "christmasDay",
        ["2. Weihnachtstag"] = "boxingDay",
    };

    public static bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !NrwHolidays.IsHoliday(day);

    /// <summary>What to tell about this day ("Fr., 25. Dez. ist ein Feiertag in NRW (1. Weihnachtstag)."); empty on a working day.</summary>
    public static string Warning(AdminWords words, DateOnly day, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(words);
        var named = Wording.Day(words.Lang, day, nowUtc);
        foreach (var holiday in NrwHolidays.For(day.Year).Where(h => h.Date == day))
        {
            // A holiday added to the calendar without words is still named, in German, rather than not warned about.
            var name = HolidayKeys.TryGetValue(holiday.Name, out var key) ? words.Word($"trainingsAdmin.holiday.{key}") : holiday.Name;
            return words.Format("trainingsAdmin.warning.holiday", named, name);
        }
        return day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? words.Format("trainingsAdmin.warning.weekend", named) : "";
    }
}
