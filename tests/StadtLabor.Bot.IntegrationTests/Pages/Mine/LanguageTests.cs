using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;

namespace StadtLabor.Bot.IntegrationTests.Pages.Mine;

[Collection(PagesCollections.Sqlite)]
public sealed class LanguageTests_Sqlite(SqlitePagesBot bot) : LanguageTests<SqlitePagesBot>(bot);

[Collection(PagesCollections.Postgres)]
public sealed class LanguageTests_Postgres(PostgresPagesBot bot) : LanguageTests<PostgresPagesBot>(bot);

/// <summary>
/// The language switch (/sprache, linked from every page's footer) stores the same choice as the chat's "sprache"
/// card: chosen on the page, the pages and the bot speak it; chosen in the chat, the pages follow. The browser walk
/// also passes the pages every session may meet: the error page (after a page threw) and the signed-out page.
/// </summary>
public abstract class LanguageTests<TBot>(TBot bot) where TBot : PagesBot
{
    private readonly bool _available = PagesBot.Available(bot);

    [Fact]
    public async Task Language_EnglishOnPage_PagesAndChatEnglish_GermanInChat_PagesGerman()
    {
        var p = MineSeed.Person(bot, 70);
        using var c = await bot.SignInAsync(p);
        var mine = await c.GetAsync("/meine");
        var link = mine.Document.QuerySelector("footer a[href^='/sprache']")!;
        Assert.Equal("Sprache / Language", link.TextContent.Trim());

        var choose = await c.GetAsync(link.GetAttribute("href")!);
        Assert.Equal("Sprache · Language", choose.H1);
        var english = await c.SubmitAsync(choose, "#language-form", button: ("language", "en"));
        Assert.Equal("/meine", english.Path);
        Assert.Equal("My dates & loans", english.H1);
        Assert.Equal("Saved: the pages and the bot now speak English with you.", english.Notice);
        Assert.Equal("en", english.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("en", await ChosenAsync(p));

        // The chat reads the same choice: the "sprache" card says it was chosen, in English.
        var card = await TrainingSeed.ClickAsync(bot, p, ChooseLanguage.Verb);
        Assert.Contains("as you chose", card.ToJsonString(), StringComparison.Ordinal);

        await TrainingSeed.ClickAsync(bot, p, ChooseLanguage.Verb, new JsonObject { ["language"] = "de" });
        Assert.Equal("Meine Termine & Ausleihen", (await c.GetAsync("/meine")).H1);
    }

    [Fact]
    public async Task Language_UnknownValue_RefusedNothingStored()
    {
        var p = MineSeed.Person(bot, 71);
        using var c = await bot.SignInAsync(p);
        var choose = await c.GetAsync("/sprache");
        var refused = await c.SubmitAsync(choose, "#language-form", button: ("language", "fr"));
        Assert.Equal("Diese Sprache gibt es hier nicht. Bitte wähl Deutsch oder Englisch; es wurde nichts geändert.", Assert.Single(refused.Errors));
        Assert.Null(await ChosenAsync(p));
    }

    [Fact]
    public async Task Browser_EnglishByKeyboardAndBack_ErrorAndSignedOutPages_AccessibleNothingLeaked()
    {
        var p = MineSeed.Person(bot, 72);
        await MineSeed.SeatAsync(bot, p, RegistrationStatus.Booked, "Miro für Einsteiger");
        await MineSeed.SeatAsync(bot, p, RegistrationStatus.Waitlisted, "Trello im Team", capacity: 1);
        var page = await bot.Browser.OpenAsync(p, "/meine");

        await PagesBrowser.FollowByKeyboardAsync(page, "footer a[href^='/sprache']", "**/sprache?ziel=*");
        await PagesBrowser.AssertAccessibleAsync(page, "language page");
        await bot.Browser.ScreenshotAsync(page, "12-sprache");
        await ChooseByKeyboardAsync(page, "#language-en");
        Assert.Equal(("en", Word.En("pages.mine.title")), (await page.GetAttributeAsync("html", "lang"), await page.Locator("h1").InnerTextAsync()));
        await PagesBrowser.AssertAccessibleAsync(page, "/meine in English");
        await bot.Browser.ScreenshotAsync(page, "13-meine-en");
        await PagesBrowser.FollowByKeyboardAsync(page, "footer a[href^='/sprache']", "**/sprache?ziel=*");
        await ChooseByKeyboardAsync(page, "#language-de");
        Assert.Equal(("de", "de"), (await page.GetAttributeAsync("html", "lang"), await ChosenAsync(p)));

        // A page that throws: the error page in the layout with an incident number, neither the exception's message
        // nor its type or stack on the page or in the log; a POST that throws gets the same page.
        var broken = await page.GotoAsync(BrokenPageFeature.Path);
        Assert.Equal(500, broken!.Status);
        Assert.Equal(Word.De("pages.error.title"), await page.Locator("h1").InnerTextAsync());
        var html = await page.ContentAsync();
        var incident = Regex.Match(await page.Locator("main").InnerTextAsync(), Regex.Escape(Word.De("pages.error.incident", "")) + "([0-9a-f]{8})").Groups[1].Value;
        Assert.Matches("^[0-9a-f]{8}$", incident);
        Assert.All(new[] { BrokenPageFeature.Secret, nameof(InvalidOperationException), nameof(BrokenPageFeature) },
            leak => Assert.DoesNotContain(leak, html, StringComparison.Ordinal));
        await PagesBrowser.AssertAccessibleAsync(page, "error page");
        await bot.Browser.ScreenshotAsync(page, "02-fehler");
        var posted = await page.Context.APIRequest.PostAsync(BrokenPageFeature.Path);
        Assert.Equal(500, posted.Status);
        var postedHtml = await posted.TextAsync();
        Assert.Contains(Word.De("pages.error.title"), postedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(BrokenPageFeature.Secret, postedHtml, StringComparison.Ordinal);
        Assert.Contains(bot.Logs.Lines, l => l.Contains(incident, StringComparison.Ordinal) && l.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Contains(BrokenPageFeature.Secret, StringComparison.Ordinal));

        await PagesBrowser.TabToAsync(page, "form[action='/abmelden'] button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/abgemeldet");
        Assert.Equal(0, await page.Locator(".who").CountAsync());
        await PagesBrowser.AssertAccessibleAsync(page, "signed-out page");
        await bot.Browser.ScreenshotAsync(page, "01-abgemeldet");
        await page.Context.CloseAsync();
    }

    /// <summary>A language button, by keyboard (a POST: pressed once), back on /meine.</summary>
    private static async Task ChooseByKeyboardAsync(Microsoft.Playwright.IPage page, string button)
    {
        await PagesBrowser.TabToAsync(page, button);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/meine", new() { WaitUntil = Microsoft.Playwright.WaitUntilState.DOMContentLoaded });
    }

    private Task<string?> ChosenAsync(Activities.Persona p) =>
        bot.WithDbAsync(db => db.PersonSettings().AsNoTracking().Where(s => s.UserAadObjectId == p.AadObjectId).Select(s => s.Language).SingleOrDefaultAsync());
}
