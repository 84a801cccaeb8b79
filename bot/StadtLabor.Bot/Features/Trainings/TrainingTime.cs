using StadtLabor.Bot.Cards;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>Sessions are stored in UTC and shown as the administration reads a calendar: Europe/Berlin.</summary>
public static class TrainingTime
{
    public static DateTime ToBerlin(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), LabTime.Berlin);

    /// <summary>A Berlin wall-clock time to UTC. A time in the hour skipped in March is moved forward by the gap.</summary>
    public static DateTime ToUtc(DateTime berlinLocal)
    {
        var local = DateTime.SpecifyKind(berlinLocal, DateTimeKind.Unspecified);
        if (LabTime.Berlin.IsInvalidTime(local)) local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, LabTime.Berlin);
    }

    /// <summary>"Di., 8. Dez. 2026 · 10:00–12:00" (de), "Tue 8 Dec 2026 · 10:00–12:00" (en).</summary>
    public static string Span(string lang, DateTime startUtc, DateTime endUtc)
    {
        var culture = Strings.Culture(lang);
        var start = ToBerlin(startUtc);
        var end = ToBerlin(endUtc);
        var day = start.ToString(lang == Strings.English ? "ddd d MMM yyyy" : "ddd'., 'd. MMM yyyy", culture);
        var endText = end.Date == start.Date
            ? end.ToString("HH:mm", culture)
            : end.ToString(lang == Strings.English ? "ddd d MMM HH:mm" : "ddd'., 'd. MMM HH:mm", culture);
        return $"{day} · {start.ToString("HH:mm", culture)}–{endText}";
    }

    /// <summary>"So., 6. Dez., 9:00 Uhr" (de), "Sun 6 Dec, 9:00" (en): deadlines and offer expiry, with the weekday.</summary>
    public static string Moment(string lang, DateTime utc) => Wording.Moment(lang, utc);

    /// <summary>Length of a session in words, e.g. "2 Stunden" / "1 hour 30 minutes".</summary>
    public static string Duration(Strings words, string lang, DateTime startUtc, DateTime endUtc) =>
        Wording.Duration(words, lang, endUtc - startUtc);
}
