using StadtLabor.Bot.Features.Menu;
using StadtLabor.Bot.Features.Surveys.Answering;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Tests.Turns;

public sealed class TextCommandsTests(ITestOutputHelper output)
{
    private sealed class A : ITurnHandler { public Task HandleAsync(TurnContext turn, CancellationToken ct) => Task.CompletedTask; }
    private sealed class B : ITurnHandler { public Task HandleAsync(TurnContext turn, CancellationToken ct) => Task.CompletedTask; }

    private static TurnRoutes AllRoutes()
    {
        var routes = new TurnRoutes();
        foreach (var feature in Program.Features) feature.MapTurns(routes);
        return routes;
    }

    [Theory]
    [InlineData("hilfe\uD800", "hilfe")]          // a lone high surrogate (found by the fuzz suite: Normalize threw)
    [InlineData("\uDC00hilfe", "hilfe")]          // a lone low surrogate
    [InlineData("hilfe \uD83D\uDE00", "hilfe")]  // a whole emoji is no letter either
    public void Normalize_BrokenOrWholeSurrogates_NoThrowOnlyTheWords(string text, string expected) =>
        Assert.Equal(expected, TextCommands.Normalize(text));

    [Theory]
    [InlineData("Menü", "menue")]
    [InlineData("  MENUE!!  ", "menue")]
    [InlineData("Meine   Termine?", "meine termine")]
    [InlineData("Straße", "strasse")]
    [InlineData("Ideé", "idee")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalize_CaseUmlautsPunctuation_Ignored(string? input, string expected) =>
        Assert.Equal(expected, TextCommands.Normalize(input));

    [Theory]
    [InlineData("hilfe", "hilfe")]
    [InlineData("HILFE", "hilfe")]
    [InlineData("hlife", "hilfe")]
    [InlineData("Menü", "hilfe")]
    [InlineData("schulugnen", "schulungen")]
    [InlineData("Schulungn", "schulungen")]
    [InlineData("ausleihn", "ausleihen")]
    [InlineData("meine termine", "meine termine")]
    [InlineData("meine termien", "meine termine")]
    [InlineData("datenschuts", "datenschutz")]
    [InlineData("Meine Daten", "meine daten")]
    [InlineData("umfrage", "umfrage")]
    [InlineData("Umfragen", "umfrage")]
    [InlineData("idee", "idee")]
    public void MatchCommand_SmallTypos_Understood(string typed, string command)
    {
        var match = AllRoutes().MatchCommand(typed);
        Assert.NotNull(match);
        Assert.Equal(command, match.Command);
    }

    [Theory]
    [InlineData("Wann hat das Bürgerbüro geöffnet?")]
    [InlineData("xyz")]
    [InlineData("wie geht es dir")]
    [InlineData("schule")]
    [InlineData("?!")]
    public void MatchCommand_SomethingElse_NoMatch(string typed) => Assert.Null(AllRoutes().MatchCommand(typed));

    [Fact]
    public void MatchCommand_CommandWithMoreWords_ArgumentKept()
    {
        var match = AllRoutes().MatchCommand("Idee: Formulare online ausfüllen");
        Assert.NotNull(match);
        Assert.Equal("idee", match.Command);
        Assert.Equal("Formulare online ausfüllen", match.Argument);
    }

    [Theory]
    [InlineData(28_000)]
    [InlineData(120_000)]
    public void MatchCommand_VeryLongText_NoMatchAndCheap(int length)
    {
        var routes = AllRoutes();
        var words = string.Concat(Enumerable.Repeat("Wann hat das Bürgerbüro geöffnet? ", length / 34 + 1))[..length];
        var typoLike = string.Concat(Enumerable.Repeat("hilfe", length / 5));
        routes.MatchCommand(words);
        routes.MatchCommand(typoLike);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var prose = routes.MatchCommand(words);
        var repeated = routes.MatchCommand(typoLike);
        clock.Stop();

        var perMatch = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 2;

        Assert.Null(prose);
        Assert.Null(repeated);
        // Memory does not depend on the machine's load, time does: before the length gate 28,000 characters
        // allocated 37 MB (and took 0.43 s); the time goes to the test output as a note.
        Assert.True(perMatch < 256 * 1024, $"{perMatch} bytes allocated for one match");
        output.WriteLine($"{length} chars: {clock.Elapsed.TotalMilliseconds / 2:F3} ms and {perMatch / 1024} KB per match");
    }

    [Fact]
    public void MatchCommand_CommandBeforeALongArgument_StillUnderstood()
    {
        var idea = string.Concat(Enumerable.Repeat("Formulare online ausfüllen. ", 2_000)).Trim();
        var match = AllRoutes().MatchCommand("Idee: " + idea);
        Assert.NotNull(match);
        Assert.Equal("idee", match.Command);
        Assert.Equal(idea, match.Argument);
    }

    [Fact]
    public void MatchCommand_CommandWithTrailingSpaces_Understood()
    {
        var match = AllRoutes().MatchCommand("hilfe" + new string(' ', 50_000));
        Assert.NotNull(match);
        Assert.Equal("hilfe", match.Command);
    }

    [Fact]
    public void Command_SamePhraseTwoHandlers_StartFails()
    {
        var routes = new TurnRoutes().Command<A>("hilfe");
        var ex = Assert.Throws<InvalidOperationException>(() => routes.Command<B>("Hilfe"));
        Assert.Contains("registered twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verb_RegisteredTwice_StartFails()
    {
        var routes = new TurnRoutes().Verb<ShowMenu>("menu.show");
        Assert.Throws<InvalidOperationException>(() => routes.Verb<ShowMySurveys>("menu.show"));
    }

    [Theory]
    [InlineData("menu")]
    [InlineData("Menu.Show")]
    [InlineData("menu.show.now")]
    [InlineData("menu show")]
    public void Verb_NotFeatureDotAction_StartFails(string verb) =>
        Assert.Throws<InvalidOperationException>(() => new TurnRoutes().Verb<ShowMenu>(verb));

    [Fact]
    public void Routes_AllFeatures_BuildWithoutConflict()
    {
        var routes = AllRoutes();
        Assert.NotNull(routes.Install);
        Assert.NotNull(routes.Uninstall);
        Assert.NotNull(routes.Fallback);
        Assert.Contains("menu.show", routes.Verbs.Keys);
        Assert.Contains(typeof(Features.Trainings.AnswerToolQuestion), routes.Interpreters);
    }

    private sealed class Reader : ITextInterpreter
    {
        public Task<bool> TryAnswerAsync(TurnContext turn, CancellationToken ct) => Task.FromResult(false);
    }

    [Fact]
    public void Interpreter_RegisteredTwice_StartFails()
    {
        var routes = new TurnRoutes().InterpretUnknownText<Reader>();
        Assert.Throws<InvalidOperationException>(() => routes.InterpretUnknownText<Reader>());
    }

    [Theory]
    [InlineData("hilfe", "hilfe", 0)]
    [InlineData("hlife", "hilfe", 1)]
    [InlineData("hife", "hilfe", 1)]
    [InlineData("hilfee", "hilfe", 1)]
    [InlineData("abc", "xyz", 3)]
    public void Distance_SwapsCountOnce(string a, string b, int expected) => Assert.Equal(expected, TextCommands.Distance(a, b));
}
