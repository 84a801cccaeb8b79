using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>
/// "Öffnen" (ideasTriage.show {ideaId}): the triage card of one idea. Clicked on the Lotsen channel's card, the
/// triage card (with internal notes) goes to the clicker's 1:1 chat and the channel card stays what everyone sees,
/// with a line for the clicker that it was sent.
/// </summary>
public sealed class ShowTriage(LabDbContext db, LotsenDirectory lotsen, TriageView view, TriageReply reply, IdeaChannel channel, OutboxWriter outbox, Strings strings)
    : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return TriageAnswers.UnknownUser(turn);
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId)) return TriageAnswers.BadRequest(turn);
        await lotsen.SeenAsync(person, ct);
        if (await reply.FreshAsync(ideaId, ct) is not { } idea) return TriageAnswers.BadRequest(turn);
        var card = await view.RenderAsync(turn, idea, new TriageState(), ct);
        if (!reply.FromChannel(turn)) return new VerbResult.Card(card);

        // Teams re-delivers: the activity id keys the private copy, so a second delivery sends nothing new.
        var key = turn.Activity.Id is { Length: > 0 and <= 128 } id ? id : Guid.NewGuid().ToString("N");
        await outbox.ToUserAsync($"ideasTriage.open:{key}", person.TenantId, person.AadObjectId, Activity.Card(card), ct);
        await db.SaveChangesAsync(ct);
        return new VerbResult.Card(await channel.RenderAsync(idea, strings.Format(Strings.German, "ideasTriage.done.sentToChat", idea.Id), ct));
    }
}
