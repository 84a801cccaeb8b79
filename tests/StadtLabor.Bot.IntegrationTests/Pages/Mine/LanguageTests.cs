using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Pages.Mine;

[Collection(PagesCollections.Sqlite)]
public sealed class LanguageTests_Sqlite(SqlitePagesBot bot) : LanguageTests<SqlitePagesBot>(bot);

[Collection(PagesCollections.Postgres)]
public sealed class LanguageTests_Postgres(PostgresPagesBot bot) : LanguageTests<PostgresPagesBot>(bot);

/// <summary>
/// The language switch (/sprache, linked from every page's footer) stores the same choice as the chat's "sprache"
/// card: chosen on the page, the pages and the bot speak it; chosen in the chat, the pages follow.
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

    private Task<string?> ChosenAsync(Activities.Persona p) =>
        bot.WithDbAsync(db => db.PersonSettings().AsNoTracking().Where(s => s.UserAadObjectId == p.AadObjectId).Select(s => s.Language).SingleOrDefaultAsync());
}
