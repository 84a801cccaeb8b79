using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Ideas;
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
    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;

    private readonly bool _available = PagesBot.Available(bot);

    private static string Day(DateTime berlin) => berlin.ToString("yyyy-MM-dd", Invariant);

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
        Assert.Contains("nur im persönlichen Chat mit dem Bot, nicht auf dieser Seite", text, StringComparison.Ordinal);
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
        // Published survey summaries are for all staff (other tests in a shared database publish some): only that list may show.
        var published = Word.De("surveysAnswer.list.published");
        Assert.DoesNotContain(page.Document.QuerySelectorAll("main table, main ul, main form"),
            e => !(e.LocalName == "ul" && e.PreviousElementSibling?.TextContent.Trim() == published));
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
    public async Task ChangeDates_NewDates_Changed_ReturnBeforePickupAtField_SomeoneElses_Refused()
    {
        var p = MineSeed.Person(bot, 70);
        var other = MineSeed.Person(bot, 71);
        var mine = await MineSeed.LoanAsync(bot, p, IdeaSeed.Unique("Sensor-Set"), lent: false);
        var theirs = await MineSeed.LoanAsync(bot, other, IdeaSeed.Unique("Sensor-Set fremd"), lent: false);
        var before = await LendingSeed.ReservationAsync(bot, mine);
        var theirStart = (await LendingSeed.ReservationAsync(bot, theirs)).StartsAtUtc;
        using var c = await bot.SignInAsync(p);
        var page = await c.GetAsync("/meine");
        var (from, to) = (TrainingTime.ToBerlin(LendingSeed.WorkingDayUtc(5, 9)), TrainingTime.ToBerlin(LendingSeed.WorkingDayUtc(6, 11)));
        KeyValuePair<string, string>[] Dates(DateTime a, DateTime b) =>
        [
            new("fromDate", Day(a)), new("fromTime", a.ToString("HH:mm", Invariant)), new("toDate", Day(b)), new("toTime", b.ToString("HH:mm", Invariant)),
        ];

        var refused = await c.SubmitAsync(page, $"#change-{mine}", [new("reservationId", theirs.ToString(Invariant)), .. Dates(from, to)]);
        Assert.StartsWith("Diese Reservierung gehört nicht dir.", refused.Document.QuerySelector(".warning")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(theirStart, (await LendingSeed.ReservationAsync(bot, theirs)).StartsAtUtc);

        // Return before pickup: the message under the return date and in the summary, the typed dates kept, nothing stored.
        var wrong = await c.SubmitAsync(refused, $"#change-{mine}", Dates(to, from));
        Assert.Equal("Die Rückgabe muss nach der Abholung liegen.", Assert.Single(wrong.Errors));
        var field = wrong.Document.QuerySelector($"#change-{mine}-to")!;
        Assert.Equal("true", field.GetAttribute("aria-invalid"));
        Assert.Equal(Day(from), field.GetAttribute("value"));
        Assert.NotNull(wrong.Document.QuerySelector($"details.change[open] #change-{mine}"));
        Assert.Equal(before.StartsAtUtc, (await LendingSeed.ReservationAsync(bot, mine)).StartsAtUtc);

        var changed = await c.SubmitAsync(wrong, $"#change-{mine}", Dates(from, to));
        Assert.Equal("Der neue Termin ist gespeichert.", changed.Notice);
        var after = await LendingSeed.ReservationAsync(bot, mine);
        Assert.Equal((TrainingTime.ToUtc(from), TrainingTime.ToUtc(to)), (after.StartsAtUtc, after.EndsAtUtc));
        Assert.Equal(before.ScheduleVersion + 1, after.ScheduleVersion);
        Assert.Equal(Day(from), changed.Document.QuerySelector($"#change-{mine}-from")!.GetAttribute("value"));
    }

    [Fact]
    public async Task WithdrawSupport_Own_Removed_OneNeverSupported_Refused_OthersSupportKept()
    {
        var p = MineSeed.Person(bot, 80);
        var other = MineSeed.Person(bot, 81);
        var supported = await IdeaSeed.IdeaAsync(bot, IdeaSeed.Unique("Akten digital"), other);
        await IdeaSeed.SupportAsync(bot, supported, p);
        await IdeaSeed.SupportAsync(bot, supported, MineSeed.Person(bot, 82));
        var theirs = await IdeaSeed.IdeaAsync(bot, IdeaSeed.Unique("Drucker weniger"), other);
        await IdeaSeed.SupportAsync(bot, theirs, MineSeed.Person(bot, 82));
        using var c = await bot.SignInAsync(p);
        var page = await c.GetAsync("/meine");

        var refused = await c.SubmitAsync(page, $"#unsupport-{supported}", [new("ideaId", theirs.ToString(Invariant))]);
        Assert.Equal("Du hattest diese Idee nicht unterstützt: nichts geändert.", refused.Document.QuerySelector(".warning")?.TextContent.Trim());
        Assert.Equal(1, (await IdeaSeed.LoadAsync(bot, theirs)).SupportCount);

        var removed = await c.SubmitAsync(refused, $"#unsupport-{supported}");
        Assert.Equal("Du unterstützt diese Idee nicht mehr und hörst nichts mehr von ihr.", removed.Notice);
        Assert.Equal(1, (await IdeaSeed.LoadAsync(bot, supported)).SupportCount);
        Assert.False(await bot.WithDbAsync(db => db.IdeaSupports().AnyAsync(s => s.IdeaId == supported && s.UserAadObjectId == p.AadObjectId)));
        Assert.Null(removed.Document.QuerySelector($"#unsupport-{supported}"));
    }

    [Fact]
    public async Task IdeaDetails_AnonymousIdea_PublicAnswersOnly_SupportOnce_OwnIdeaRefused_UnknownNotFound()
    {
        var p = MineSeed.Person(bot, 90);
        var author = MineSeed.Person(bot, 91);
        var title = IdeaSeed.Unique("Parkausweise online");
        var idea = await IdeaSeed.IdeaAsync(bot, title, author, IdeaStatus.InReview, anonymous: true, description: "Anträge ohne Papier stellen.");
        await bot.WithDbAsync(db =>
        {
            db.IdeaEvents().Add(new IdeaEvent { IdeaId = idea, Kind = IdeaEventKind.Comment, Public = true, Text = "Gute Idee, wir fragen das Ordnungsamt.", ActorName = "Jonas Lotse", CreatedAtUtc = DateTime.UtcNow });
            db.IdeaEvents().Add(new IdeaEvent { IdeaId = idea, Kind = IdeaEventKind.Comment, Public = false, Text = "Nur intern: Budget fehlt", CreatedAtUtc = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });
        var own = await IdeaSeed.IdeaAsync(bot, IdeaSeed.Unique("Meine eigene"), p);
        using var c = await bot.SignInAsync(p);

        var page = await c.GetAsync($"/meine/ideen/{idea}");
        Assert.Equal($"#{idea} {title}", page.H1);
        var text = page.MainText;
        Assert.Contains("Anträge ohne Papier stellen.", text, StringComparison.Ordinal);
        Assert.Contains("in Prüfung", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Gute Idee, wir fragen das Ordnungsamt.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Nur intern", text, StringComparison.Ordinal);
        Assert.DoesNotContain(author.Name, page.Html, StringComparison.Ordinal);
        Assert.Empty(page.Document.QuerySelectorAll("main a[href^='/ideen']"));

        var supported = await c.SubmitAsync(page, "#support");
        Assert.StartsWith("Danke! Du unterstützt jetzt diese Idee", supported.Notice, StringComparison.Ordinal);
        Assert.Equal(1, (await IdeaSeed.LoadAsync(bot, idea)).SupportCount);
        Assert.NotNull(supported.Document.QuerySelector("#unsupport"));

        // The person's own idea has no support button; an id edited into the form only earns the card's refusal.
        Assert.Null((await c.GetAsync($"/meine/ideen/{own}")).Document.QuerySelector("#support"));
        var refused = await c.SubmitAsync(page, "#support", [new("id", own.ToString(Invariant))]);
        Assert.StartsWith("Das ist deine eigene Idee", refused.Document.QuerySelector(".warning")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(0, (await IdeaSeed.LoadAsync(bot, own)).SupportCount);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await c.GetAsync("/meine/ideen/987654321")).Status);
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
        var supported = await IdeaSeed.IdeaAsync(bot, "Dienstreisen digital abrechnen", Activities.Lotse, IdeaStatus.InReview,
            description: "Belege fotografieren statt einreichen.");
        await IdeaSeed.SupportAsync(bot, supported, erika);

        var page = await bot.Browser.OpenAsync(erika, "/meine");
        await PagesBrowser.TabToAsync(page, $"#cancel-{first} button");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".notice").WaitForAsync();
        Assert.Equal("Dein Platz ist freigegeben.", (await page.Locator(".notice").InnerTextAsync()).Trim());
        Assert.Equal(RegistrationStatus.Cancelled, await MineSeed.StatusAsync(bot, first, erika));
        await PagesBrowser.AssertAccessibleAsync(page, "/meine with every section");
        await bot.Browser.ScreenshotAsync(page, "10-meine");

        // An idea she supports: the support withdrawn by keyboard on /meine, then the idea's own page (for everyone) checked.
        await PagesBrowser.TabToAsync(page, $"#unsupport-{supported} button");
        await page.Keyboard.PressAsync("Enter");
        var withdrawn = "Du unterstützt diese Idee nicht mehr und hörst nichts mehr von ihr.";
        await page.Locator(".notice", new() { HasText = withdrawn }).WaitForAsync();
        Assert.Equal(0, (await IdeaSeed.LoadAsync(bot, supported)).SupportCount);
        await page.GotoAsync($"/meine/ideen/{supported}");
        Assert.Equal(1, await page.Locator("#support button").CountAsync());
        await PagesBrowser.AssertAccessibleAsync(page, "/meine/ideen/{id}");
        await bot.Browser.ScreenshotAsync(page, "14-meine-idee");
        await page.Context.CloseAsync();

        // The empty page only for the picture: its few elements are all on the filled page that axe just checked.
        var empty = await bot.Browser.OpenAsync(MineSeed.Person(bot, 60), "/meine");
        await bot.Browser.ScreenshotAsync(empty, "11-meine-leer");
        await empty.Context.CloseAsync();
    }
}
