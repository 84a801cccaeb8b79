using StadtLabor.Bot.Features.Ideas.Similarity;

namespace StadtLabor.Bot.Tests.Ideas;

/// <summary>The German side of the matcher: folding, stems, stop words, and what compounds and typos score.</summary>
public sealed class SimilarTextTests
{
    [Theory]
    [InlineData("Bürgerbüro", "buergerbuero")]
    [InlineData("BUERGERBUERO", "buergerbuero")]
    [InlineData("Straße", "strasse")]
    [InlineData("E-Akte", "eakte")]
    [InlineData("Café", "cafe")]
    public void Fold_GermanSpellings_OneForm(string text, string folded) => Assert.Equal(folded, GermanText.Fold(text));

    [Fact]
    public void Stems_StopWordsAndEndings_LeftOut()
    {
        Assert.Equal(["termin", "buergerbuero", "vereinbar"], GermanText.Stems("Termine für das Bürgerbüro vereinbaren"));
        Assert.Equal(GermanText.Stems("Bürgerinnen"), GermanText.Stems("Bürger"));
        Assert.Equal(GermanText.Stems("Schulungen"), GermanText.Stems("Schulung"));
    }

    [Theory]
    [InlineData("Terminvereinbarung", "Termin online vereinbaren")]
    [InlineData("Bürgerbüro", "Büro für Bürger")]
    [InlineData("Bürgerbüro", "Buergerbuero")]
    [InlineData("Formular", "Formluar")]
    [InlineData("Parkausweis für Anwohner", "Anwohnerparkausweise")]
    public void Search_CompoundsUmlautsAndTypos_FindTheOtherWording(string indexed, string asked)
    {
        using var index = new IdeaTextIndex();
        index.Apply([new IdeaText(1, indexed, ""), new IdeaText(2, "Kantine mit vegetarischem Essen", ""), new IdeaText(3, "Drucker auf jeder Etage", "")], []);

        var hit = Assert.Single(index.Search(asked, "", 3, 0.3));
        Assert.Equal(1, hit.Id);
    }

    [Fact]
    public void Search_UnrelatedIdea_NothingShown()
    {
        using var index = new IdeaTextIndex();
        index.Apply([new IdeaText(1, "Sperrmüll online anmelden", "Abholtermin über die Webseite buchen.")], []);

        Assert.Empty(index.Search("Höhenverstellbare Schreibtische", "Tische zum Arbeiten im Stehen.", 3, 0.3));
    }

    [Fact]
    public void Apply_RemovedAndReplaced_SearchSeesOnlyTheCurrentText()
    {
        using var index = new IdeaTextIndex();
        index.Apply([new IdeaText(1, "Sperrmüll online anmelden", ""), new IdeaText(2, "Hundesteuer online anmelden", "")], []);
        index.Apply([new IdeaText(1, "Dienstfahrrad leasen", "")], [2]);

        Assert.Empty(index.Search("Hundesteuer anmelden", "", 3, 0.3));
        Assert.Equal(1, Assert.Single(index.Search("Dienstfahrräder leasen", "", 3, 0.3)).Id);
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Search_SameIdeasInAnotherOrder_SameScores()
    {
        var ideas = Enumerable.Range(1, 40).Select(i => new IdeaText(i, $"Online-Termin Nummer {i} im Bürgerbüro", $"Beschreibung {i % 7} zum Termin")).ToList();
        using var forward = new IdeaTextIndex();
        using var backward = new IdeaTextIndex();
        forward.Apply(ideas, []);
        backward.Apply(ideas.AsEnumerable().Reverse(), []);
        // The other order with a detour (added, taken out again), as an index that was kept current sees it.
        backward.Apply([new IdeaText(99, "Termin im Bürgerbüro", "")], []);
        backward.Apply([], [99]);

        Assert.Equal(forward.Search("Termine im Buergerbuero online", "", 12, 0), backward.Search("Termine im Buergerbuero online", "", 12, 0));
    }

    [Fact]
    public async Task Search_WhileIdeasAreAdded_AnswersWithoutErrors()
    {
        using var index = new IdeaTextIndex();
        index.Apply([new IdeaText(1, "Online-Terminvereinbarung im Bürgerbüro", "")], []);
        var writer = Task.Run(() =>
        {
            for (var i = 2; i < 400; i++) index.Apply([new IdeaText(i, $"Idee {i} zur Zeiterfassung", "Arbeitszeit elektronisch erfassen")], i % 3 == 0 ? [i - 1] : []);
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var k = 0; k < 200; k++) Assert.Contains(index.Search("Termin im Buergerbuero online vereinbaren", "", 3, 0.3), h => h.Id == 1);
        }));

        await Task.WhenAll([writer, .. readers]);
    }
}
