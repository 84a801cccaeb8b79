using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Pages.Trainings;

/// <summary>One session as a calendar day lists it; times are Berlin wall clock.</summary>
public sealed record CalendarEntry(long Id, string Time, string Title, string Tool, int Taken, int Capacity, int Waiting, bool Cancelled);

/// <summary>
/// /labor/schulungen: the lab team's calendar of training sessions, a month (default) or a week
/// (?ansicht=woche&amp;datum=YYYY-MM-DD). Days are Berlin days, so a session at 23:30 in winter (22:30 UTC) sits on the
/// day the lab team means. A date that cannot be read is today: a bookmark or a typo never ends on an error page.
/// </summary>
[LabRole(Role.LabTeam)]
public sealed class CalendarModel(LabDbContext db, TimeProvider time) : LabPageModel
{
    public const string WeekView = "woche";
    private const string DateFormat = "yyyy-MM-dd";

    public bool IsWeek { get; private set; }
    public DateOnly Today { get; private set; }
    public DateOnly Anchor { get; private set; }

    /// <summary>Rows of seven days, Monday first: the weeks the month touches, or the one week.</summary>
    public IReadOnlyList<IReadOnlyList<DateOnly>> Weeks { get; private set; } = [];

    public ILookup<DateOnly, CalendarEntry> ByDay { get; private set; } = Array.Empty<CalendarEntry>().ToLookup(e => default(DateOnly));

    public string Caption { get; private set; } = "";
    public string PreviousHref { get; private set; } = "";
    public string NextHref { get; private set; } = "";
    public string TodayHref { get; private set; } = "";
    public string OtherViewHref { get; private set; } = "";

    public async Task OnGetAsync(string? ansicht, string? datum, CancellationToken ct)
    {
        var nowUtc = time.GetUtcNow();
        Today = LabTime.BerlinDate(nowUtc);
        IsWeek = string.Equals(ansicht, WeekView, StringComparison.OrdinalIgnoreCase);
        Anchor = DateOnly.TryParseExact(datum, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked) ? asked : Today;

        DateOnly first, last;
        if (IsWeek)
        {
            first = Monday(Anchor);
            last = first.AddDays(6);
            Caption = W.Format("trainings.weekCaption", Day(first), Day(last));
            PreviousHref = Href(WeekView, first.AddDays(-7));
            NextHref = Href(WeekView, first.AddDays(7));
            TodayHref = Href(WeekView, Today);
            OtherViewHref = Href(null, Anchor);
        }
        else
        {
            var month = new DateOnly(Anchor.Year, Anchor.Month, 1);
            first = Monday(month);
            last = Monday(month.AddMonths(1).AddDays(-1)).AddDays(6);
            Caption = W.Format("trainings.monthCaption", month.ToString("MMMM yyyy", W.Culture));
            PreviousHref = Href(null, month.AddMonths(-1));
            NextHref = Href(null, month.AddMonths(1));
            TodayHref = Href(null, Today);
            OtherViewHref = Href(WeekView, Anchor.Month == Today.Month && Anchor.Year == Today.Year ? Today : month);
        }
        Weeks = [.. Enumerable.Range(0, (last.DayNumber - first.DayNumber + 1) / 7)
            .Select(w => (IReadOnlyList<DateOnly>)[.. Enumerable.Range(0, 7).Select(d => first.AddDays((w * 7) + d))])];
        ByDay = await EntriesAsync(first, last, ct);
    }

    /// <summary>Sessions starting on Berlin days first..last, by day and time.</summary>
    private async Task<ILookup<DateOnly, CalendarEntry>> EntriesAsync(DateOnly first, DateOnly last, CancellationToken ct)
    {
        var fromUtc = TrainingTime.ToUtc(first.ToDateTime(TimeOnly.MinValue));
        var toUtc = TrainingTime.ToUtc(last.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var sessions = await db.TrainingSessions().AsNoTracking()
            .Where(s => s.StartsAtUtc >= fromUtc && s.StartsAtUtc < toUtc)
            .OrderBy(s => s.StartsAtUtc).ThenBy(s => s.Id)
            .ToListAsync(ct);
        var toolIds = sessions.Select(s => s.ToolId).Distinct().ToList();
        var tools = await db.TrainingTools().AsNoTracking().Where(t => toolIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var counts = await Seats.CountsAsync(db, [.. sessions.Select(s => s.Id)], ct);
        return sessions.ToLookup(
            s => DateOnly.FromDateTime(TrainingTime.ToBerlin(s.StartsAtUtc)),
            s => new CalendarEntry(s.Id,
                $"{TrainingTime.ToBerlin(s.StartsAtUtc):HH:mm}–{TrainingTime.ToBerlin(s.EndsAtUtc):HH:mm}",
                s.Title, tools.GetValueOrDefault(s.ToolId, ""), counts[s.Id].Taken, s.Capacity, counts[s.Id].Waiting,
                s.Status == SessionStatus.Cancelled));
    }

    /// <summary>"Di., 8. Dez." with the year when it is not this year's (as the cards write a day).</summary>
    public string Day(DateOnly day) => Cards.Wording.Day(W.Lang, day, time.GetUtcNow().UtcDateTime);

    /// <summary>Weekday names Monday first, short and long ("Mo", "Montag").</summary>
    public IEnumerable<(string Short, string Long)> WeekdayNames =>
        Enumerable.Range(0, 7).Select(i => (DayOfWeek)((i + 1) % 7))
            .Select(d => (W.Culture.DateTimeFormat.GetShortestDayName(d), W.Culture.DateTimeFormat.GetDayName(d)));

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static string Href(string? view, DateOnly day)
    {
        var date = day.ToString(DateFormat, CultureInfo.InvariantCulture);
        return view is null ? $"/labor/schulungen?datum={date}" : $"/labor/schulungen?ansicht={view}&datum={date}";
    }
}
