using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;

namespace StadtLabor.Bot.IntegrationTests.Pages.Trainings;

[Collection(PagesCollections.Sqlite)]
public sealed class TrainingsPagesTests_Sqlite(SqlitePagesBot bot) : TrainingsPagesTests<SqlitePagesBot>(bot);

[Collection(PagesCollections.Postgres)]
public sealed class TrainingsPagesTests_Postgres(PostgresPagesBot bot) : TrainingsPagesTests<PostgresPagesBot>(bot);

/// <summary>
/// The lab team's trainings pages (/labor/schulungen): calendar by Berlin day, the session editor with the card's
/// checks and notices, cancelling, attendance, and nothing for staff. Each test makes its own sessions (a unique
/// title) and looks only at them; the database is shared with the other page tests.
/// </summary>
public abstract class TrainingsPagesTests<TBot>(TBot bot) where TBot : PagesBot
{
    private readonly bool _available = PagesBot.Available(bot);

    private const string Day = "yyyy-MM-dd";

    private static string Unique(string what) => $"{what} {Guid.NewGuid().ToString("N")[..8]}";

    private static DateOnly BerlinToday => DateOnly.FromDateTime(TrainingTime.ToBerlin(DateTime.UtcNow));

    /// <summary>A working day at least <paramref name="days"/> ahead, so the form asks no weekend question.</summary>
    private static DateOnly WorkingDayIn(int days)
    {
        var day = BerlinToday.AddDays(days);
        while (!WorkingDays.IsWorkingDay(day)) day = day.AddDays(1);
        return day;
    }

    private static string Iso(DateOnly day) => day.ToString(Day, CultureInfo.InvariantCulture);

    /// <summary>A session at a Berlin wall-clock time on a Berlin day.</summary>
    private Task<long> SessionAtAsync(DateOnly day, int hour, int minute, string title, int capacity = 10) =>
        TrainingSeed.SessionAsync(bot, capacity, title: title, adjust: s =>
        {
            s.StartsAtUtc = TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(hour, minute)));
            s.EndsAtUtc = s.StartsAtUtc.AddMinutes(90);
        });

    /// <summary>Booked people (colleagues from this test's number range), written straight into the database.</summary>
    private Task<List<long>> BookAsync(long sessionId, params int[] colleagues) =>
        bot.WithDbAsync(async db =>
        {
            var rows = colleagues.Select(n => TrainingSeed.Colleague(n)).Select(p => new Registration
            {
                SessionId = sessionId,
                UserAadObjectId = p.AadObjectId,
                UserName = p.Name,
                TenantId = BotFixture.TenantId,
                Status = RegistrationStatus.Booked,
                BookedAtUtc = DateTime.UtcNow.AddDays(-2),
                CreatedAtUtc = DateTime.UtcNow.AddDays(-2),
                UpdatedAtUtc = DateTime.UtcNow.AddDays(-2),
            }).ToList();
            db.TrainingRegistrations().AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });

    private Task<TrainingSession> StoredAsync(long id) =>
        bot.WithDbAsync(db => db.TrainingSessions().AsNoTracking().SingleAsync(s => s.Id == id));

    private Task<List<string>> OutboxKeysAsync(string prefix) =>
        bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith(prefix)).Select(m => m.DedupeKey).ToListAsync());

    private static IReadOnlyList<string> Links(PageResult page, DateOnly day) =>
        [.. page.Document.QuerySelectorAll($"td[data-day='{Iso(day)}'] a").Select(a => a.GetAttribute("href") ?? "")];

    [Fact]
    public async Task Calendar_MonthAndWeek_SessionsOnTheirBerlinDay()
    {
        // 00:30 in Berlin is 23:30 UTC the day before, 23:15 is 22:15 UTC (21:15 in summer): both belong to this day.
        var day = BerlinToday.AddDays(45);
        var early = await SessionAtAsync(day, 0, 30, Unique("Frühschicht Miro"));
        var late = await SessionAtAsync(day, 23, 15, Unique("Spätschicht Trello"));
        using var sam = await bot.SignInAsync(Activities.LabTeam);

        var month = await sam.GetAsync($"/labor/schulungen?datum={Iso(day)}");
        Assert.Equal(HttpStatusCode.OK, month.Status);
        Assert.Equal([$"/labor/schulungen/{early}", $"/labor/schulungen/{late}"], Links(month, day).Where(h => h.EndsWith($"/{early}", StringComparison.Ordinal) || h.EndsWith($"/{late}", StringComparison.Ordinal)));
        Assert.DoesNotContain($"/labor/schulungen/{early}", Links(month, day.AddDays(-1)));
        Assert.DoesNotContain($"/labor/schulungen/{late}", Links(month, day.AddDays(1)));
        Assert.Equal(Word.De("pages.trainings.monthCaption", day.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("de-DE"))),
            month.Document.QuerySelector("table.calendar caption")!.TextContent.Trim());
        Assert.Equal(7, month.Document.QuerySelectorAll("table.calendar thead th[scope=col]").Length);
        var cell = month.Document.QuerySelector($"td[data-day='{Iso(day)}']")!.TextContent;
        Assert.Contains("00:30–02:00", cell, StringComparison.Ordinal);
        Assert.Contains(Word.De("pages.trainings.seats", 0, 10), cell, StringComparison.Ordinal);

        var week = await sam.GetAsync($"/labor/schulungen?ansicht=woche&datum={Iso(day)}");
        Assert.Contains($"/labor/schulungen/{early}", Links(week, day));
        Assert.Contains($"/labor/schulungen/{late}", Links(week, day));
        Assert.Single(week.Document.QuerySelectorAll("table.calendar tbody tr"));
        Assert.Contains("23:15–00:45", week.MainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_GarbageDate_ShowsThisMonthWithoutError()
    {
        using var sam = await bot.SignInAsync(Activities.LabTeam);
        var page = await sam.GetAsync("/labor/schulungen?datum=garbage&ansicht=%3Cscript%3E");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(Iso(BerlinToday), page.Document.QuerySelector("td.today")!.GetAttribute("data-day"));
        Assert.Equal(Word.De("pages.trainings.monthCaption", BerlinToday.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("de-DE"))),
            page.Document.QuerySelector("table.calendar caption")!.TextContent.Trim());
        var week = await sam.GetAsync("/labor/schulungen?ansicht=woche&datum=2026-13-45");
        Assert.Equal(HttpStatusCode.OK, week.Status);
        Assert.NotNull(week.Document.QuerySelector($"td[data-day='{Iso(BerlinToday)}']"));
    }

    [Fact]
    public async Task New_EndBeforeStartAndNoSeats_ErrorsAndNothingSaved()
    {
        var title = Unique("Stackfield kompakt");
        var miro = await TrainingSeed.ToolAsync(bot, "Miro");
        using var sam = await bot.SignInAsync(Activities.LabTeam);
        var form = await sam.GetAsync("/labor/schulungen/neu");

        var refused = await sam.SubmitAsync(form, "form#session-form",
        [
            new("toolId", miro.ToString(CultureInfo.InvariantCulture)), new("title", title), new("date", Iso(WorkingDayIn(10))),
            new("start", "14:00"), new("end", "13:00"), new("capacity", "0"),
        ]);

        Assert.Equal("/labor/schulungen/neu", refused.Path);
        Assert.Equal([Word.De("trainingsAdmin.error.endBeforeStart"), Word.De("trainingsAdmin.error.capacity", TrainingLimits.MaxCapacity)], refused.Errors);
        Assert.Equal("true", refused.Document.QuerySelector("#end")!.GetAttribute("aria-invalid"));
        Assert.Equal("capacity-error", refused.Document.QuerySelector("#capacity")!.GetAttribute("aria-describedby"));
        Assert.Equal(title, refused.Document.QuerySelector("#title")!.GetAttribute("value"));
        Assert.False(await bot.WithDbAsync(db => db.TrainingSessions().AnyAsync(s => s.Title == title)));
    }

    [Fact]
    public async Task New_Valid_PublishedAndInTheCalendar()
    {
        var title = Unique("Trello für Teams");
        var day = WorkingDayIn(12);
        var trello = await TrainingSeed.ToolAsync(bot, "Trello");
        using var sam = await bot.SignInAsync(Activities.LabTeam);
        var form = await sam.GetAsync("/labor/schulungen/neu");

        var calendar = await sam.SubmitAsync(form, "form#session-form",
        [
            new("toolId", trello.ToString(CultureInfo.InvariantCulture)), new("title", title), new("date", Iso(day)),
            new("start", "09:30"), new("end", "11:00"), new("capacity", "8"), new("place", "Rathaus, Raum 2.04"),
        ]);

        var session = await bot.WithDbAsync(db => db.TrainingSessions().AsNoTracking().SingleAsync(s => s.Title == title));
        Assert.Equal((Activities.LabTeam.AadObjectId, trello, 8), (session.CreatedByAadObjectId, session.ToolId, session.Capacity));
        Assert.Equal(TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(9, 30))), session.StartsAtUtc);
        Assert.Equal("/labor/schulungen", calendar.Path);
        Assert.StartsWith(Word.De("trainingsAdmin.done.created"), calendar.Notice, StringComparison.Ordinal);
        Assert.Contains($"/labor/schulungen/{session.Id}", Links(calendar, day));
    }

    [Fact]
    public async Task New_OnASaturday_AskedFirstThenPublishedWithTheSecondClick()
    {
        var title = Unique("Samstagswerkstatt");
        var saturday = BerlinToday.AddDays(14);
        while (saturday.DayOfWeek != DayOfWeek.Saturday || StadtLabor.Jobs.NrwHolidays.IsHoliday(saturday)) saturday = saturday.AddDays(1);
        var miro = await TrainingSeed.ToolAsync(bot, "Miro");
        using var sam = await bot.SignInAsync(Activities.LabTeam);
        var form = await sam.GetAsync("/labor/schulungen/neu");

        var asked = await sam.SubmitAsync(form, "form#session-form",
        [
            new("toolId", miro.ToString(CultureInfo.InvariantCulture)), new("title", title), new("date", Iso(saturday)),
            new("start", "10:00"), new("end", "13:00"), new("capacity", "12"),
        ]);

        Assert.Empty(asked.Errors);
        Assert.Contains(Word.De("trainingsAdmin.warning.weekend", Cards.Wording.Day("de", saturday)), asked.Document.QuerySelector(".warning")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Iso(saturday), asked.Document.QuerySelector("input[name=allowDay]")!.GetAttribute("value"));
        Assert.Equal(Word.De("trainingsAdmin.form.publishAnyway", Cards.Wording.Day("de", saturday)), asked.Document.QuerySelector("#save")!.TextContent.Trim());
        Assert.False(await bot.WithDbAsync(db => db.TrainingSessions().AnyAsync(s => s.Title == title)));

        var published = await sam.SubmitAsync(asked, "form#session-form");
        Assert.StartsWith(Word.De("trainingsAdmin.done.created"), published.Notice, StringComparison.Ordinal);
        Assert.True(await bot.WithDbAsync(db => db.TrainingSessions().AnyAsync(s => s.Title == title)));
    }

    [Fact]
    public async Task Edit_NewTime_BookedPeopleToldThroughTheOutboxAsByTheCard()
    {
        var day = WorkingDayIn(20);
        var id = await SessionAtAsync(day, 10, 0, Unique("Scrum im Amt"), capacity: 5);
        var bookings = await BookAsync(id, 14200, 14201);
        using var sam = await bot.SignInAsync(Activities.LabTeam);
        var form = await sam.GetAsync($"/labor/schulungen/{id}");

        var saved = await sam.SubmitAsync(form, "form#session-form", [new("start", "11:00"), new("end", "12:30")]);

        Assert.Equal($"/labor/schulungen/{id}", saved.Path);
        Assert.Equal($"{Word.De("trainingsAdmin.done.updated")} {Word.De("trainingsAdmin.done.notified", 2)}", saved.Notice);
        var stored = await StoredAsync(id);
        Assert.Equal(TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(11, 0))), stored.StartsAtUtc);
        Assert.Equal(1, stored.ScheduleVersion);
        // The card's key: trainings.changed:{session}:{lock stamp}:{registration}, one per booked person.
        var told = await OutboxKeysAsync($"trainings.changed:{id}:");
        Assert.Equal(bookings.Select(b => $"trainings.changed:{id}:{stored.LockStamp}:{b}").Order(), told.Order());
    }

    [Fact]
    public async Task Edit_SeatsBelowTaken_RefusedWithTheCardsMessage()
    {
        var id = await SessionAtAsync(WorkingDayIn(20), 10, 0, Unique("Miro Vertiefung"), capacity: 5);
        await BookAsync(id, 14202, 14203);
        using var sam = await bot.SignInAsync(Activities.LabTeam);
        var form = await sam.GetAsync($"/labor/schulungen/{id}");

        var refused = await sam.SubmitAsync(form, "form#session-form", [new("capacity", "1")]);

        Assert.Equal([Word.De("trainingsAdmin.error.capacityBelowTaken", 2)], refused.Errors);
        Assert.Equal(5, (await StoredAsync(id)).Capacity);
    }

    [Fact]
    public async Task Cancel_FromEditor_SessionCancelledAndEveryoneTold()
    {
        var id = await SessionAtAsync(WorkingDayIn(20), 14, 0, Unique("Stackfield Basis"));
        var bookings = await BookAsync(id, 14204);
        using var sam = await bot.SignInAsync(Activities.LabTeam);
        var page = await sam.GetAsync($"/labor/schulungen/{id}");
        Assert.NotNull(page.Document.QuerySelector("#cancel-session[data-confirm]"));

        var done = await sam.SubmitAsync(page, "form#cancel-form");

        Assert.Equal(Word.De("trainingsAdmin.done.cancelled", 1), done.Notice);
        Assert.Equal(SessionStatus.Cancelled, (await StoredAsync(id)).Status);
        Assert.Equal([RegistrationStatus.Cancelled], (await TrainingSeed.RegistrationsAsync(bot, id)).Select(r => r.Status));
        Assert.Equal([$"trainings.sessionCancelled:{id}:once:{bookings[0]}"], await OutboxKeysAsync($"trainings.sessionCancelled:{id}:"));
        Assert.Null(done.Document.QuerySelector("form#session-form"));
        Assert.Null(done.Document.QuerySelector("form#cancel-form"));
    }

    [Fact]
    public async Task Attendance_Saved_ShownAndOtherSessionsUntouched()
    {
        var id = await TrainingSeed.SessionAsync(bot, 10, TimeSpan.FromHours(-1), title: Unique("Miro Praxis"));
        var (came, away) = await BookAsync(id, 14205, 14206) is [var a, var b] ? (a, b) : throw new InvalidOperationException();
        var other = (await BookAsync(await TrainingSeed.SessionAsync(bot, 10, TimeSpan.FromHours(-2), title: Unique("Andere")), 14207))[0];
        using var sam = await bot.SignInAsync(Activities.LabTeam);
        var page = await sam.GetAsync($"/labor/schulungen/{id}");
        Assert.Equal(2, page.Document.QuerySelectorAll("#attendance-form input[type=checkbox][name=present]").Length);

        // A forged id of another session's booking is ignored, as on the card.
        var saved = await sam.SubmitAsync(page, "form#attendance-form",
            [new("shown", came.ToString(CultureInfo.InvariantCulture)), new("shown", away.ToString(CultureInfo.InvariantCulture)),
             new("shown", other.ToString(CultureInfo.InvariantCulture)), new("present", came.ToString(CultureInfo.InvariantCulture)),
             new("present", other.ToString(CultureInfo.InvariantCulture))]);

        Assert.Equal(Word.De("trainingsLists.saved", 1, 1), saved.Notice);
        var rows = await bot.WithDbAsync(db => db.TrainingRegistrations().AsNoTracking()
            .Where(r => r.Id == came || r.Id == away || r.Id == other).ToDictionaryAsync(r => r.Id, r => r.Attendance));
        Assert.Equal((Attendance.Present, Attendance.NoShow, Attendance.Unknown), (rows[came], rows[away], rows[other]));
        Assert.NotNull(saved.Document.QuerySelector($"#present-{came}[checked]"));
        Assert.Null(saved.Document.QuerySelector($"#present-{away}[checked]"));
        Assert.Contains(Word.De("trainingsLists.attendance.noShow"), saved.MainText, StringComparison.Ordinal);
        Assert.StartsWith("/exports/trainings/", saved.Document.QuerySelector("#export-csv")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erika_EveryRouteAndPost_ForbiddenAndNothingChanges()
    {
        var title = Unique("Nur fürs Labor");
        var id = await SessionAtAsync(WorkingDayIn(20), 10, 0, title);
        var booking = (await BookAsync(id, 14208))[0];
        using var erika = await bot.SignInAsync(Activities.Erika);

        foreach (var path in new[] { "/labor/schulungen", "/labor/schulungen?ansicht=woche", "/labor/schulungen/neu", $"/labor/schulungen/{id}" })
            Assert.Equal(HttpStatusCode.Forbidden, (await erika.GetAsync(path)).Status);
        // With her own valid anti-forgery token (from a page she may open): only the role check stands in the way.
        var token = (await erika.GetAsync("/abgemeldet")).Document.QuerySelector("input[name='__af']")!.GetAttribute("value")!;
        IEnumerable<KeyValuePair<string, string>> fields =
        [
            new("__af", token),
            new("title", title + " übernommen"), new("date", Iso(WorkingDayIn(21))), new("start", "08:00"), new("end", "09:00"), new("capacity", "3"),
            new("shown", booking.ToString(CultureInfo.InvariantCulture)), new("present", booking.ToString(CultureInfo.InvariantCulture)),
        ];
        foreach (var path in new[] { "/labor/schulungen/neu", $"/labor/schulungen/{id}", $"/labor/schulungen/{id}?handler=Cancel", $"/labor/schulungen/{id}?handler=Attendance" })
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
            using var answer = await erika.SendAsync(post);
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        }

        var stored = await StoredAsync(id);
        Assert.Equal((title, SessionStatus.Published, 10), (stored.Title, stored.Status, stored.Capacity));
        Assert.Equal(Attendance.Unknown, (await TrainingSeed.RegistrationsAsync(bot, id)).Single().Attendance);
        Assert.False(await bot.WithDbAsync(db => db.TrainingSessions().AnyAsync(s => s.Title == title + " übernommen")));
    }

    [Fact]
    public async Task Browser_MonthToSessionByKeyboard_AttendanceSaved_WeekAndNewFormAccessible()
    {
        // Two months back: a month no other page test fills, so the picture shows just these sessions.
        var day = BerlinToday.AddMonths(-2);
        day = new DateOnly(day.Year, day.Month, 10);
        while (!WorkingDays.IsWorkingDay(day)) day = day.AddDays(1);
        var main = await SessionAtAsync(day, 10, 0, "Miro für Einsteiger", capacity: 8);
        var people = await BookAsync(main, 14210, 14211, 14212);
        await BookAsync(await SessionAtAsync(day.AddDays(2), 14, 0, "Trello im Team"), 14213, 14214);
        await SessionAtAsync(day.AddDays(-3), 13, 0, "Stackfield kompakt", capacity: 6);
        var cancelled = await SessionAtAsync(day.AddDays(7), 9, 0, "Scrum-Grundlagen");
        await bot.WithDbAsync(db => db.TrainingSessions().Where(s => s.Id == cancelled)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SessionStatus.Cancelled)));

        var page = await bot.Browser.OpenAsync(Activities.LabTeam, $"/labor/schulungen?datum={Iso(day)}");
        await PagesBrowser.AssertAccessibleAsync(page, "trainings calendar");
        await bot.Browser.ScreenshotAsync(page, "20-schulungen-kalender");

        await PagesBrowser.FollowByKeyboardAsync(page, $"a[href='/labor/schulungen/{main}']", $"**/labor/schulungen/{main}");
        await PagesBrowser.AssertAccessibleAsync(page, "session editor");
        await PagesBrowser.TabToAsync(page, $"#present-{people[0]}");
        await page.Keyboard.PressAsync("Space");
        // On from there as a keyboard user goes: the next person's box, past the third, to the button.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("s => document.activeElement.matches(s)", $"#present-{people[1]}"));
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("s => document.activeElement.matches(s)", "#save-attendance"));
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".notice").WaitForAsync();

        Assert.Equal(Word.De("trainingsLists.saved", 2, 1), (await page.Locator(".notice").InnerTextAsync()).Trim());
        var marked = await bot.WithDbAsync(db => db.TrainingRegistrations().AsNoTracking().Where(r => r.SessionId == main)
            .OrderBy(r => r.Id).Select(r => r.Attendance).ToListAsync());
        Assert.Equal([Attendance.Present, Attendance.Present, Attendance.NoShow], marked);
        await bot.Browser.ScreenshotAsync(page, "21-schulung-bearbeiten");

        // The same days as a week, and from there, by keyboard, a new session with mistakes: the summary names them.
        await page.GotoAsync($"/labor/schulungen?ansicht=woche&datum={Iso(day)}");
        Assert.Single(await page.Locator("table.calendar.week tbody tr").AllAsync());
        await PagesBrowser.AssertAccessibleAsync(page, "trainings week");
        await bot.Browser.ScreenshotAsync(page, "22-schulungen-woche");
        await PagesBrowser.FollowByKeyboardAsync(page, "#new-session", "**/labor/schulungen/neu");
        await PagesBrowser.AssertAccessibleAsync(page, "new session form");
        var title = Unique("Miro für Fortgeschrittene");
        await page.FillAsync("#title", title);
        await page.FillAsync("#date", Iso(WorkingDayIn(10)));
        await page.FillAsync("#start", "14:00");
        await page.FillAsync("#end", "13:00");
        await page.FillAsync("#capacity", "0");
        await PagesBrowser.TabToAsync(page, "#save");
        await page.Keyboard.PressAsync("Enter");

        // In the form's order (the first link leads to the tool, the first field), not ModelState's.
        var errors = await PagesBrowser.AssertErrorSummaryAsync(page);
        Assert.Equal(3, errors.Count);
        Assert.Equal([Word.De("trainingsAdmin.error.endBeforeStart"), Word.De("trainingsAdmin.error.capacity", TrainingLimits.MaxCapacity)], errors.Skip(1));
        Assert.Equal("tool", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await PagesBrowser.AssertAccessibleAsync(page, "new session form with errors");
        await bot.Browser.ScreenshotAsync(page, "23-schulung-neu-fehler");
        Assert.False(await bot.WithDbAsync(db => db.TrainingSessions().AnyAsync(s => s.Title == title)));
        await page.Context.CloseAsync();
    }
}
