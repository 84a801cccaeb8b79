using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Pages.Mine;

[Collection(PagesCollections.Sqlite)]
public sealed class MineTests_Sqlite(SqlitePagesBot bot) : MineTests<SqlitePagesBot>(bot);

[Collection(PagesCollections.Postgres)]
public sealed class MineTests_Postgres(PostgresPagesBot bot) : MineTests<PostgresPagesBot>(bot);

/// <summary>
/// "Meine Termine &amp; Ausleihen" (/meine) over HTTP: each section from seeded data, each action through the card's
/// use case (notice afterwards), and the refusal of an id that is not the person's (nothing changes).
/// </summary>
public abstract class MineTests<TBot>(TBot bot) where TBot : PagesBot
{
    private readonly bool _available = PagesBot.Available(bot);

    [Fact]
    public async Task Mine_EverySectionFilled_ShowsEachWithItsActions()
    {
        var p = MineSeed.Person(bot, 1);
        var other = MineSeed.Person(bot, 2);
        var booked = await MineSeed.SeatAsync(bot, p, RegistrationStatus.Booked, IdeaSeed.Unique("Miro gebucht"));
        var full = await MineSeed.SeatAsync(bot, other, RegistrationStatus.Booked, IdeaSeed.Unique("Trello voll"), capacity: 1);
        await MineSeed.RegisterAsync(bot, full, p, RegistrationStatus.Waitlisted);
        var offered = await MineSeed.SeatAsync(bot, p, RegistrationStatus.Offered, IdeaSeed.Unique("Scrum Angebot"));
        var reservation = await MineSeed.LoanAsync(bot, p, IdeaSeed.Unique("VR-Brille"), lent: false);
        var loan = await MineSeed.LoanAsync(bot, p, IdeaSeed.Unique("3D-Drucker"), lent: true);
        var ideaTitle = IdeaSeed.Unique("Formulare online");
        await MineSeed.IdeaWithAnswerAsync(bot, p, ideaTitle, "Wir prüfen das mit der IT.");
        var survey = SurveySeed.Unique("Homeoffice");
        var summary = SurveySeed.Unique("Mobiles Arbeiten");
        await MineSeed.SurveysAsync(bot, p, survey, summary);
        var foreign = await MineSeed.SeatAsync(bot, MineSeed.Person(bot, 3), RegistrationStatus.Booked, IdeaSeed.Unique("Fremd"));

        using var c = await bot.SignInAsync(p);
        var page = await c.GetAsync("/meine");

        Assert.Equal("Meine Termine & Ausleihen", page.H1);
        var text = page.MainText;
        Assert.NotNull(page.Document.QuerySelector($"#cancel-{booked} button"));
        var calendar = page.Document.QuerySelector($"#cancel-{booked}")!.ParentElement!.QuerySelector("a[href^='/calendar/']");
        Assert.NotNull(calendar);
        Assert.Contains("Auf der Warteliste", text, StringComparison.Ordinal);
        Assert.Contains("Dein Status: auf der Warteliste, Platz 1", text, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector($"#cancel-{full} button"));
        Assert.Contains("Dein Status: Angebot offen bis", text, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector($"#accept-{offered} button"));
        Assert.NotNull(page.Document.QuerySelector($"#decline-{offered} button[data-confirm]"));
        Assert.NotNull(page.Document.QuerySelector($"#cancel-reservation-{reservation} button[data-confirm]"));
        Assert.Null(page.Document.QuerySelector($"#cancel-reservation-{loan}"));
        Assert.NotNull(page.Document.QuerySelector($"#extend-{loan} input[type=date][name=toDate]"));
        Assert.Contains("Status: ausgeliehen, Rückgabe bis", text, StringComparison.Ordinal);
        Assert.Contains(ideaTitle, text, StringComparison.Ordinal);
        Assert.Contains("Wir prüfen das mit der IT.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Nur intern", text, StringComparison.Ordinal);
        Assert.Contains(survey, text, StringComparison.Ordinal);
        Assert.Contains(summary, text, StringComparison.Ordinal);
        Assert.Contains("im persönlichen Chat mit dem Bot", text, StringComparison.Ordinal);
        Assert.Equal("https://teams.microsoft.com/l/chat/0/0?users=28:" + BotFixture.AppId,
            page.Document.QuerySelector("#surveys-heading")!.ParentElement!.QuerySelector("a")!.GetAttribute("href"));
        // Someone else's seat never shows.
        Assert.Null(page.Document.QuerySelector($"#cancel-{foreign}"));
    }

    [Fact]
    public async Task Mine_NothingYet_EachSectionSaysSoInOneLine()
    {
        var p = MineSeed.Person(bot, 10);
        using var c = await bot.SignInAsync(p);
        var page = await c.GetAsync("/meine");

        Assert.Contains("Du bist gerade für keine Schulung angemeldet", page.MainText, StringComparison.Ordinal);
        Assert.Contains("Du hast gerade nichts reserviert oder ausgeliehen.", page.MainText, StringComparison.Ordinal);
        Assert.Contains("Du hast noch keine Idee eingereicht oder unterstützt.", page.MainText, StringComparison.Ordinal);
        Assert.Contains("Gerade wartet keine Umfrage auf deine Antwort.", page.MainText, StringComparison.Ordinal);
        Assert.Empty(page.Document.QuerySelectorAll("main table, main ul, main form"));
    }

    [Fact]
    public async Task CancelSeat_OwnBookingAndWaitlist_Released_SomeoneElsesSession_Refused()
    {
        var p = MineSeed.Person(bot, 20);
        var other = MineSeed.Person(bot, 21);
        var mine = await MineSeed.SeatAsync(bot, p, RegistrationStatus.Booked, IdeaSeed.Unique("Miro"));
        var theirs = await MineSeed.SeatAsync(bot, other, RegistrationStatus.Booked, IdeaSeed.Unique("Miro fremd"));
        var full = await MineSeed.SeatAsync(bot, other, RegistrationStatus.Booked, IdeaSeed.Unique("Trello voll"), capacity: 1);
        await MineSeed.RegisterAsync(bot, full, p, RegistrationStatus.Waitlisted);
        using var c = await bot.SignInAsync(p);
        var page = await c.GetAsync("/meine");

        var refused = await c.SubmitAsync(page, $"#cancel-{mine}", [new("sessionId", theirs.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal("Du bist für diesen Termin nicht angemeldet.", refused.Document.QuerySelector(".warning")?.TextContent.Trim());
        Assert.Null(refused.Notice);
        Assert.Equal(RegistrationStatus.Booked, await MineSeed.StatusAsync(bot, theirs, other));
        Assert.Equal(RegistrationStatus.Booked, await MineSeed.StatusAsync(bot, mine, p));

        var cancelled = await c.SubmitAsync(refused, $"#cancel-{mine}");
        Assert.Equal("/meine", cancelled.Path);
        Assert.Equal("Dein Platz ist freigegeben.", cancelled.Notice);
        Assert.Equal(RegistrationStatus.Cancelled, await MineSeed.StatusAsync(bot, mine, p));
        Assert.Null(cancelled.Document.QuerySelector($"#cancel-{mine}"));

        var left = await c.SubmitAsync(cancelled, $"#cancel-{full}");
        Assert.Equal("Du stehst nicht mehr auf der Warteliste.", left.Notice);
        Assert.Equal(RegistrationStatus.Cancelled, await MineSeed.StatusAsync(bot, full, p));
        Assert.Equal(RegistrationStatus.Booked, await MineSeed.StatusAsync(bot, full, other));
    }

    [Fact]
    public async Task AnswerOffer_AcceptOneDeclineOther_SeatGone_Refused()
    {
        var p = MineSeed.Person(bot, 30);
        var take = await MineSeed.SeatAsync(bot, p, RegistrationStatus.Offered, IdeaSeed.Unique("Scrum"));
        var leave = await MineSeed.SeatAsync(bot, p, RegistrationStatus.Offered, IdeaSeed.Unique("Stackfield"));
        var booked = await MineSeed.SeatAsync(bot, p, RegistrationStatus.Booked, IdeaSeed.Unique("Miro"));
        using var c = await bot.SignInAsync(p);
        var page = await c.GetAsync("/meine");

        // A seat no longer offered (here: one already booked, edited into the accept form) changes nothing.
        var refused = await c.SubmitAsync(page, $"#decline-{take}", [new("sessionId", booked.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal("Dieses Angebot gilt nicht mehr.", refused.Document.QuerySelector(".warning")?.TextContent.Trim());
        Assert.Equal(RegistrationStatus.Booked, await MineSeed.StatusAsync(bot, booked, p));

        var accepted = await c.SubmitAsync(refused, $"#accept-{take}");
        Assert.Equal("Der Platz gehört dir. Du bist angemeldet.", accepted.Notice);
        Assert.Equal(RegistrationStatus.Booked, await MineSeed.StatusAsync(bot, take, p));
        Assert.NotNull(accepted.Document.QuerySelector($"#cancel-{take}"));

        var declined = await c.SubmitAsync(accepted, $"#decline-{leave}");
        Assert.Equal("Du hast den angebotenen Platz abgelehnt.", declined.Notice);
        Assert.Equal(RegistrationStatus.Declined, await MineSeed.StatusAsync(bot, leave, p));
    }

    [Fact]
    public async Task CancelReservation_Own_Cancelled_SomeoneElses_Refused()
    {
        var p = MineSeed.Person(bot, 40);
        var other = MineSeed.Person(bot, 41);
        var mine = await MineSeed.LoanAsync(bot, p, IdeaSeed.Unique("VR-Brille"), lent: false);
        var theirs = await MineSeed.LoanAsync(bot, other, IdeaSeed.Unique("VR-Brille fremd"), lent: false);
        using var c = await bot.SignInAsync(p);
        var page = await c.GetAsync("/meine");

        var refused = await c.SubmitAsync(page, $"#cancel-reservation-{mine}", [new("reservationId", theirs.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.StartsWith("Diese Reservierung gehört nicht dir.", refused.Document.QuerySelector(".warning")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Confirmed, (await LendingSeed.ReservationAsync(bot, theirs)).Status);

        var cancelled = await c.SubmitAsync(refused, $"#cancel-reservation-{mine}");
        Assert.Equal("Storniert. Die Geräte sind wieder für andere frei.", cancelled.Notice);
        Assert.Equal(ReservationStatus.Cancelled, (await LendingSeed.ReservationAsync(bot, mine)).Status);
        Assert.Contains("Du hast gerade nichts reserviert oder ausgeliehen.", cancelled.MainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtendLoan_LaterReturn_Extended_EarlierReturnAtField_SomeoneElses_Refused()
    {
        var p = MineSeed.Person(bot, 50);
        var other = MineSeed.Person(bot, 51);
        var mine = await MineSeed.LoanAsync(bot, p, IdeaSeed.Unique("Roboter"), lent: true);
        var theirs = await MineSeed.LoanAsync(bot, other, IdeaSeed.Unique("Roboter fremd"), lent: true);
        var theirEnd = (await LendingSeed.ReservationAsync(bot, theirs)).EndsAtUtc;
        using var c = await bot.SignInAsync(p);
        var page = await c.GetAsync("/meine");
        var later = TrainingTime.ToBerlin(LendingSeed.WorkingDayUtc(3, 11));
        var laterDate = later.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var refused = await c.SubmitAsync(page, $"#extend-{mine}",
            [new("reservationId", theirs.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("toDate", laterDate), new("toTime", "11:00")]);
        Assert.StartsWith("Diese Reservierung gehört nicht dir.", refused.Document.QuerySelector(".warning")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(theirEnd, (await LendingSeed.ReservationAsync(bot, theirs)).EndsAtUtc);

        var earlier = TrainingTime.ToBerlin(DateTime.UtcNow.AddDays(-2)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var wrong = await c.SubmitAsync(refused, $"#extend-{mine}", [new("toDate", earlier), new("toTime", "10:00")]);
        var error = Assert.Single(wrong.Errors);
        Assert.StartsWith("Rückgabe: Die neue Rückgabe muss nach der bisherigen", error, StringComparison.Ordinal);
        var field = wrong.Document.QuerySelector($"#extend-{mine}-date")!;
        Assert.Equal("true", field.GetAttribute("aria-invalid"));
        Assert.Equal(earlier, field.GetAttribute("value"));

        var extended = await c.SubmitAsync(wrong, $"#extend-{mine}", [new("toDate", laterDate), new("toTime", "11:00")]);
        Assert.StartsWith("Verlängert: Rückgabe jetzt bis", extended.Notice, StringComparison.Ordinal);
        Assert.Equal(TrainingTime.ToUtc(later), (await LendingSeed.ReservationAsync(bot, mine)).EndsAtUtc);
    }

    [Fact]
    public async Task Browser_Erika_CancelsBookingByKeyboard_NoticeAccessible()
    {
        var erika = Activities.Erika;
        var first = await MineSeed.SeatAsync(bot, erika, RegistrationStatus.Booked, "Miro für Einsteiger");
        await MineSeed.SeatAsync(bot, erika, RegistrationStatus.Booked, "Trello im Team", startsIn: TimeSpan.FromDays(6), tool: "Trello");
        var full = await MineSeed.SeatAsync(bot, Activities.LabTeam, RegistrationStatus.Booked, "Scrum kompakt", capacity: 1, startsIn: TimeSpan.FromDays(9), tool: "Scrum");
        await MineSeed.RegisterAsync(bot, full, erika, RegistrationStatus.Waitlisted);
        await MineSeed.SeatAsync(bot, erika, RegistrationStatus.Offered, "Stackfield Grundlagen", startsIn: TimeSpan.FromDays(2), tool: "Stackfield");
        await MineSeed.LoanAsync(bot, erika, "VR-Brille Meta Quest", lent: false);
        await MineSeed.LoanAsync(bot, erika, "Mobiles stadtLABOR (Koffer)", lent: true);
        await MineSeed.IdeaWithAnswerAsync(bot, erika, "Termine im Bürgerbüro online buchen", "Danke! Wir sprechen nächste Woche mit dem Bürgerbüro.");
        await MineSeed.SurveysAsync(bot, erika, "Arbeiten im Homeoffice 2026");

        var page = await bot.Browser.OpenAsync(erika, "/meine");
        await PagesBrowser.TabToAsync(page, $"#cancel-{first} button");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".notice").WaitForAsync();
        Assert.Equal("Dein Platz ist freigegeben.", (await page.Locator(".notice").InnerTextAsync()).Trim());
        Assert.Equal(RegistrationStatus.Cancelled, await MineSeed.StatusAsync(bot, first, erika));
        await PagesBrowser.AssertAccessibleAsync(page, "/meine with every section");
        await bot.Browser.ScreenshotAsync(page, "10-meine");
        await page.Context.CloseAsync();

        // The empty page only for the picture: its few elements are all on the filled page that axe just checked.
        var empty = await bot.Browser.OpenAsync(MineSeed.Person(bot, 60), "/meine");
        await bot.Browser.ScreenshotAsync(empty, "11-meine-leer");
        await empty.Context.CloseAsync();
    }
}
