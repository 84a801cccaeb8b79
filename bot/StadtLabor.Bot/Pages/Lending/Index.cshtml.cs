using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Pages.Lending;

/// <summary>
/// /labor/ausleihe (lab team): today's desk work first (pickups, returns, overdue loans: the same list as the "Heute"
/// card, <see cref="TodayOverview"/>), each with the link to its checklist, then the calendar of 14 days from
/// ?von=YYYY-MM-DD (today in Berlin when missing or not a date) with links a period back and on.
/// </summary>
[LabRole(Role.LabTeam)]
public sealed class IndexModel(LabDbContext db, Strings strings, TodayOverview today, TimeProvider time) : LabPageModel
{
    public sealed record DeskRow(long Id, string Text, string Facts, string? Href, string? LinkText, bool NotApproved);

    public CalendarGrid Grid { get; private set; } = new([], []);
    public DateOnly Today { get; private set; }
    public DateOnly From { get; private set; }
    public string TodayHeading { get; private set; } = "";
    public IReadOnlyList<DeskRow> Pickups { get; private set; } = [];
    public IReadOnlyList<DeskRow> Returns { get; private set; } = [];
    public IReadOnlyList<DeskRow> Overdue { get; private set; } = [];

    /// <summary>"… und 3 weitere." per list, as the card says it.</summary>
    public string MorePickups { get; private set; } = "";
    public string MoreReturns { get; private set; } = "";
    public string MoreOverdue { get; private set; } = "";

    public async Task OnGetAsync(string? von, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        Today = LabTime.BerlinDate(now);
        From = DateOnly.TryParseExact(von, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && day.Year is > 2000 and < 9000 ? day : Today;
        Grid = await new LendingCalendar(db, strings).LoadAsync(From, W.Lang, now.UtcDateTime, ct);

        var desk = (await today.LoadAsync(Today, W.Lang, now.UtcDateTime, "", ct)).Data;
        TodayHeading = Text(desk, "heading");
        Pickups = Rows(desk, "pickups", r => Flag(r, "canHandOver") ? LendingLinks.Handover(Id(r)) : null, r => Flag(r, "canHandOver") ? Text(r, "handOverTitle") : null);
        Returns = Rows(desk, "returns", r => LendingLinks.Return(Id(r)), r => Text(r, "returnTitle"));
        Overdue = Rows(desk, "overdue", r => LendingLinks.Return(Id(r)), r => Text(r, "returnTitle"));
        MorePickups = Text(desk, "morePickups");
        MoreReturns = Text(desk, "moreReturns");
        MoreOverdue = Text(desk, "moreOverdue");
    }

    public string DayHeader(DateOnly day) => Wording.Day(W.Lang, day, time.GetUtcNow().UtcDateTime);

    public string StateWord(CalendarState state) => W["lending.state." + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(state.ToString())];

    public static string Symbol(CalendarState state) => state switch
    {
        CalendarState.Requested => "?",
        CalendarState.Reserved => "○",
        CalendarState.Lent => "●",
        CalendarState.Overdue => "!",
        _ => "✕",
    };

    public static string CssClass(CalendarState state) => "entry-" + state.ToString().ToLowerInvariant();

    // The desk list comes as the card's data (one owner of "what is due today"); read here into rows for the page.
    private static List<DeskRow> Rows(JsonObject desk, string list, Func<JsonObject, string?> href, Func<JsonObject, string?> linkText) =>
        [.. desk[list]!.AsArray().Select(n => n!.AsObject()).Select(r =>
            new DeskRow(Id(r), Text(r, "text"), Text(r, "facts"), href(r), linkText(r), Flag(r, "notApproved")))];

    private static long Id(JsonObject r) => r["id"]!.GetValue<long>();

    private static string Text(JsonObject o, string key) => o[key]?.GetValue<string>() ?? "";

    private static bool Flag(JsonObject o, string key) => o[key]?.GetValue<bool>() ?? false;
}
