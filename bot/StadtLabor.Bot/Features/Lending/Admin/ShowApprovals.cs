using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>"Anfragen" (lendingAdmin.approvals): the queue of reservations waiting for the lab team.</summary>
public sealed class ShowApprovals(ApprovalList queue) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("lendingAdmin/approvals", await queue.DataAsync(turn, "", ct)));
}
