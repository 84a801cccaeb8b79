using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Intake;

/// <summary>
/// "idee" (typed; the words after it become the title: "idee Termine online buchen") and the menu's "Ideen" button
/// (ideas.start): the idea form. The similar-ideas card's "Zurück zum Formular" sends the draft along, so the form
/// comes back as it was. Changes nothing.
/// </summary>
public sealed class StartIdea(IdeaForm form, IOptions<IdeasOptions> options) : ITurnHandler, IVerbHandler
{
    private static readonly Dictionary<string, string> NoErrors = [];

    public Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Reply(Activity.Card(form.Card(turn, IdeaFormInput.Fresh(turn.CommandArgument), NoErrors)));
        return Task.CompletedTask;
    }

    public Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        // Without data (the menu) every field is empty and the draft id new.
        return Task.FromResult<VerbResult>(new VerbResult.Card(form.Card(turn, IdeaFormInput.Read(data, options.Value), NoErrors)));
    }
}
