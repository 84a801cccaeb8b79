using System.Globalization;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Cards;

/// <summary>
/// Dates and durations as a clerk reads them (card convention, cards/README.md): a date always carries its weekday
/// ("So., 6. Dez., 9:00 Uhr"), a duration is said in words ("2 Jahre", "24 Stunden"), never "730 Tage" or "PT24H".
/// Every card and message that shows a moment or a length goes through here, so the convention holds everywhere.
/// </summary>
public static class Wording
{
    /// <summary>"So., 6. Dez., 9:00 Uhr" (de), "Sun 6 Dec, 9:00" (en); a year only when it is not this year's.</summary>
    public static string Moment(string lang, DateTime utc, DateTime? nowUtc = null)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), LabTime.Berlin);
        var time = lang == Strings.English
            ? local.ToString("H:mm", Strings.Culture(lang))
            : local.ToString("H:mm", Strings.Culture(lang)) + " Uhr";
        return $"{Day(lang, DateOnly.FromDateTime(local), nowUtc)}, {time}";
    }

    /// <summary>"So., 6. Dez." (de), "Sun 6 Dec" (en); with the year when it is not the current year in Berlin.</summary>
    public static string Day(string lang, DateOnly day, DateTime? nowUtc = null)
    {
        var culture = Strings.Culture(lang);
        var thisYear = LabTime.BerlinDate(new DateTimeOffset(DateTime.SpecifyKind(nowUtc ?? DateTime.UtcNow, DateTimeKind.Utc))).Year;
        var withYear = day.Year != thisYear;
        var pattern = lang == Strings.English
            ? (withYear ? "ddd d MMM yyyy" : "ddd d MMM")
            : (withYear ? "ddd'., 'd. MMM yyyy" : "ddd'., 'd. MMM");
        // German abbreviated month names already end in a dot ("Dez."), except the short ones ("Mai"); keep as is.
        return day.ToDateTime(TimeOnly.MinValue).ToString(pattern, culture);
    }

    /// <summary>
    /// A length in words, at most two units, largest first: "2 Jahre", "6 Monate", "3 Tage", "24 Stunden",
    /// "1 Stunde 30 Minuten" (de); "2 years", "1 hour 30 minutes" (en). Whole years and months (365 and 30 days) are
    /// named as such; 24 hours stay "24 Stunden" because that is how an offer's time is meant.
    /// </summary>
    public static string Duration(Strings words, string lang, TimeSpan length)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (length < TimeSpan.Zero) length = length.Negate();
        var totalMinutes = (long)Math.Round(length.TotalMinutes);
        var days = totalMinutes / (24 * 60);
        var hours = totalMinutes / 60 % 24;
        var minutes = totalMinutes % 60;

        var parts = new List<string>(2);
        if (minutes == 0 && days * 24 + hours is > 0 and <= 48)
        {
            parts.Add(Unit(words, lang, "hour", days * 24 + hours));
        }
        else if (days > 0 && hours == 0 && minutes == 0)
        {
            if (days % 365 == 0) parts.Add(Unit(words, lang, "year", days / 365));
            else if (days % 30 == 0 && days >= 60) parts.Add(Unit(words, lang, "month", days / 30));
            else if (days % 7 == 0 && days >= 14) parts.Add(Unit(words, lang, "week", days / 7));
            else parts.Add(Unit(words, lang, "day", days));
        }
        else if (days > 0)
        {
            parts.Add(Unit(words, lang, "day", days));
            if (hours > 0) parts.Add(Unit(words, lang, "hour", hours));
        }
        else
        {
            if (hours > 0) parts.Add(Unit(words, lang, "hour", hours));
            if (minutes > 0 || hours == 0) parts.Add(Unit(words, lang, "minute", minutes));
        }
        return string.Join(" ", parts);
    }

    private static string Unit(Strings words, string lang, string unit, long count) =>
        words.Format(lang, $"time.{unit}.{(count == 1 ? "one" : "other")}", count.ToString(CultureInfo.InvariantCulture));
}
