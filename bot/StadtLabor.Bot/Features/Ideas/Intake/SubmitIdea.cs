using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Intake;

/// <summary>
/// "Meine ist anders: einreichen" on the similar-ideas card (ideas.submit): the draft rides on the button, so it is
/// read and checked again (anyone can edit a payload); a draft that does not pass brings the form back with the
/// messages, nothing saved. Otherwise it is handed in.
/// </summary>
public sealed class SubmitIdea(IdeaForm form, HandIn handIn, IOptions<IdeasOptions> options) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return HandIn.UnknownUser(turn);
        var (draft, errors) = IdeaDraft.Read(data, options.Value);
        if (draft is null) return new VerbResult.Card(form.Card(turn, IdeaFormInput.Read(data, options.Value), errors));
        return await handIn.SubmitAsync(turn, person, draft, ct);
    }
}
