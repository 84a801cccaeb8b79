using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// "Gibt es das schon?" on the real app and database: the app's one index, kept current from the ideas table. The
/// database is shared with the other ideas tests, so each test writes about a topic nobody else does and looks only
/// at its own ideas.
/// </summary>
public abstract class SimilarIdeasTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private async Task<IReadOnlyList<SimilarIdea>> FindAsync(string title, string description)
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SimilarIdeas>().FindAsync(title, description, CancellationToken.None);
    }

    [Fact]
    public async Task Find_DifferentlyWordedGermanIdea_FindsTheNearDuplicate()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, "Online-Reservierung für den Tretbootverleih am Stadtsee", Erika,
            description: "Tretboote am Stadtsee sollen sich Bürgerinnen und Bürger vorab im Internet reservieren können, statt am Steg zu warten.");

        // Compound split, umlauts written out, other words: what a colleague types who never saw the first idea.
        var found = await FindAsync("Tretboote am Stadtsee online reservieren",
            "Buergerinnen sollen ein Tretboot vorher im Netz buchen koennen und nicht am Bootssteg anstehen.");

        var hit = Assert.Single(found, s => s.IdeaId == id);
        Assert.Equal(IdeaStatus.Submitted, hit.Status);
        Assert.Equal("Online-Reservierung für den Tretbootverleih am Stadtsee", hit.Title);
    }

    [Fact]
    public async Task Find_RejectedAndMergedTwins_OnlyTheOpenOneOffered()
    {
        const string title = "Streusalzbestellung der Hausmeister über ein Onlineformular";
        const string description = "Hausmeister der Schulen bestellen Streusalz für den Winterdienst bisher per Fax beim Bauhof.";
        var open = await IdeaSeed.IdeaAsync(Bot, title, Erika, description: description);
        var rejected = await IdeaSeed.IdeaAsync(Bot, title, Erika, IdeaStatus.Rejected, description: description);
        var merged = await IdeaSeed.IdeaAsync(Bot, title, Erika, IdeaStatus.Merged, description: description, adjust: i => i.MergedIntoId = 1);

        var found = await FindAsync("Streusalz online bestellen", "Die Hausmeister sollen Streusalz fuer den Winterdienst online beim Bauhof bestellen statt per Fax.");

        Assert.Contains(found, s => s.IdeaId == open);
        Assert.DoesNotContain(found, s => s.IdeaId == rejected || s.IdeaId == merged);
    }

    [Fact]
    public async Task Find_IdeaRejectedAfterTheIndexSawIt_NoLongerOffered()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, "Laubsäcke für Anwohner kostenlos im Bürgerbüro", Erika,
            description: "Im Herbst sollen Anwohnerinnen mit Straßenbäumen kostenlose Laubsäcke abholen können.");
        const string query = "Kostenlose Laubsaecke fuer Anwohner";
        Assert.Contains(await FindAsync(query, "Laubsack im Herbst gratis abholen."), s => s.IdeaId == id);

        // A Lotse rejects it; the status change need not move UpdatedAtUtc, the offer is checked against the row anyway.
        await Bot.WithDbAsync(db => db.Ideas().Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IdeaStatus.Rejected)));

        Assert.DoesNotContain(await FindAsync(query, "Laubsack im Herbst gratis abholen."), s => s.IdeaId == id);
    }

    [Fact]
    public async Task Find_IdeaAddedAfterTheFirstSearch_FoundByTheNext()
    {
        const string query = "Eisbahn auf dem Marktplatz im Winter";
        const string description = "Eine Schlittschuhbahn in der Adventszeit auf dem Marktplatz, betrieben mit den Vereinen.";
        var before = await FindAsync(query, description);

        // Submitted long ago as far as its times say: the id watermark still brings it in.
        var added = await IdeaSeed.IdeaAsync(Bot, "Mobile Eislaufbahn auf dem Marktplatz zur Weihnachtszeit", Erika,
            description: "Im Winter eine Eisbahn zum Schlittschuhlaufen auf dem Marktplatz aufbauen.", daysAgo: 40);

        Assert.DoesNotContain(before, s => s.IdeaId == added);
        Assert.Contains(await FindAsync(query, description), s => s.IdeaId == added);
    }

    [Fact]
    public async Task Find_IdeaTextChangedAfterTheIndexSawIt_FoundByItsNewWords()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, "Bienenstöcke auf dem Dach des Rathauses", Erika,
            description: "Ein Imker aus dem Kollegium betreut Bienenvölker auf dem Flachdach.");
        const string query = "Photovoltaikanlage auf dem Stadtarchiv";
        const string description = "Das Dach des Stadtarchivs mit Solarmodulen für eigenen Strom belegen.";
        Assert.DoesNotContain(await FindAsync(query, description), s => s.IdeaId == id);

        await Bot.WithDbAsync(db => db.Ideas().Where(i => i.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Title, "Solaranlage auf dem Dach des Stadtarchivs")
            .SetProperty(i => i.Description, "Photovoltaik-Module auf dem Stadtarchiv erzeugen Strom für das Gebäude.")
            .SetProperty(i => i.UpdatedAtUtc, DateTime.UtcNow)));

        Assert.Contains(await FindAsync(query, description), s => s.IdeaId == id);
    }
}

[Collection(IdeasCollections.Sqlite)]
public sealed class SimilarIdeasTests_Sqlite(SqliteIdeasBot bot) : SimilarIdeasTests<SqliteIdeasBot>(bot);

[Collection(IdeasCollections.Postgres)]
public sealed class SimilarIdeasTests_Postgres(PostgresIdeasBot bot) : SimilarIdeasTests<PostgresIdeasBot>(bot);
