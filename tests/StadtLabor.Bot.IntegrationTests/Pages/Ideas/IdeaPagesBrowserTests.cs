using Microsoft.Playwright;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;

namespace StadtLabor.Bot.IntegrationTests.Pages.Ideas;

/// <summary>
/// Jonas's walk through the ideas pages in Chromium, keyboard only: filter the board, open an idea, reject it with a
/// reason; axe on the board, the idea and the deadline view, and their screenshots (German) for review.
/// </summary>
public abstract class IdeaPagesBrowserTests<TBot>(TBot bot) where TBot : PagesBot
{
    private readonly bool _available = PagesBot.Available(bot);

    // A form's answer may take long on a busy two-core machine (all test collections run at once); 30 s was once too short here.
    private static readonly PageWaitForURLOptions Slow = new() { Timeout = 90_000 };

    [Fact]
    public async Task Jonas_FiltersOpensAndRejectsWithReason_ByKeyboard_Accessible()
    {
        var tag = "walk" + Guid.NewGuid().ToString("N")[..6];
        void Tagged(Idea i, string department) { i.Tags = tag + ",formular"; i.Department = department; }
        var id = await IdeaSeed.IdeaAsync(bot, IdeaSeed.Unique("Anträge auf Bewohnerparken online"), TrainingSeed.Colleague(14430),
            daysAgo: 9, adjust: i => Tagged(i, "Ordnungsamt"));
        await IdeaSeed.IdeaAsync(bot, IdeaSeed.Unique("Dienstpläne im Intranet"), TrainingSeed.Colleague(14431), IdeaStatus.InReview,
            anonymous: true, daysAgo: 3, adjust: i => { Tagged(i, "Personal und Organisation"); i.AssignedAadObjectId = Activities.Lotsin.AadObjectId; i.AssignedName = Activities.Lotsin.Name; });
        await IdeaSeed.IdeaAsync(bot, IdeaSeed.Unique("Tablets für den Außendienst"), TrainingSeed.Colleague(14432), IdeaStatus.Accepted,
            daysAgo: 15, adjust: i => Tagged(i, ""));
        var page = await bot.Browser.OpenAsync(Activities.Lotse, "/ideen");

        await PagesBrowser.TabToAsync(page, "#filter-tag");
        // Typing on a focused list box picks the option that starts with the letters (as a keyboard user would).
        await page.Keyboard.TypeAsync(tag);
        Assert.Equal(tag, await page.InputValueAsync("#filter-tag"));
        await PagesBrowser.FollowByKeyboardAsync(page, "#filter-apply", "**/ideen?tag=*");
        Assert.EndsWith("/ideen?tag=" + tag + "&bereich=&lotse=&alter=", page.Url, StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator(".idea-card").CountAsync());
        await PagesBrowser.AssertAccessibleAsync(page, "ideas board");
        await bot.Browser.ScreenshotAsync(page, "40-ideen-board");

        await PagesBrowser.FollowByKeyboardAsync(page, $"a[href='/ideen/{id}']", $"**/ideen/{id}");
        await PagesBrowser.TabToAsync(page, "#status-new");
        await page.Keyboard.TypeAsync(Word.De("ideas.status.rejected"));
        Assert.Equal("rejected", await page.InputValueAsync("#status-new"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Das Bürgerportal bietet das ab Januar an.");
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement?.id === 'status-submit'"));
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".notice").WaitForAsync(new() { Timeout = Slow.Timeout });

        Assert.Equal(Word.De("ideasTriage.done.status", id, Word.De("ideas.status.rejected")), (await page.Locator(".notice").InnerTextAsync()).Trim());
        Assert.Equal(IdeaStatus.Rejected, (await IdeaSeed.LoadAsync(bot, id)).Status);
        await PagesBrowser.AssertAccessibleAsync(page, "idea page");
        await bot.Browser.ScreenshotAsync(page, "41-ideen-idee");

        await page.GotoAsync("/ideen/fristen");
        await PagesBrowser.AssertAccessibleAsync(page, "deadline view");
        await bot.Browser.ScreenshotAsync(page, "42-ideen-fristen");
        await page.Context.CloseAsync();
    }
}

[Collection(PagesCollections.Sqlite)]
public sealed class IdeaPagesBrowserTests_Sqlite(SqlitePagesBot bot) : IdeaPagesBrowserTests<SqlitePagesBot>(bot);

[Collection(PagesCollections.Postgres)]
public sealed class IdeaPagesBrowserTests_Postgres(PostgresPagesBot bot) : IdeaPagesBrowserTests<PostgresPagesBot>(bot);
