using BenchmarkDotNet.Attributes;
using StadtLabor.Bot.Features.Menu;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Benchmarks;

/// <summary>
/// Finding the command in a typed text with every feature's routes registered: an exact phrase, a phrase followed by
/// an argument, and a text no command matches (which goes through the typo allowance against every phrase).
/// </summary>
[MemoryDiagnoser]
public class Routing
{
    private TurnRoutes _routes = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var bot = new BotPieces();
        _routes = bot.Routes;
        await bot.DisposeAsync();
        if (MatchHilfe()?.Handler != typeof(ShowMenu)) throw new InvalidOperationException("\"hilfe\" does not route to the menu");
        if (MatchSchulungenMiro() is not { Argument: "miro" } trainings || trainings.Handler != typeof(ShowTrainings))
            throw new InvalidOperationException("\"schulungen miro\" does not route to the trainings with the argument miro");
        if (MatchUnknownText() is not null) throw new InvalidOperationException("\"danke dir\" matches a command");
    }

    [Benchmark]
    public CommandMatch? MatchHilfe() => _routes.MatchCommand("hilfe");

    [Benchmark]
    public CommandMatch? MatchSchulungenMiro() => _routes.MatchCommand("schulungen miro");

    [Benchmark]
    public CommandMatch? MatchUnknownText() => _routes.MatchCommand("danke dir");
}
