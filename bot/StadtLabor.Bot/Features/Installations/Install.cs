using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Installations;

/// <summary>The app was added to a personal chat, a group chat or a team: remember where, and say hello once per install
/// (also after a remove and add again), however many of its events Teams sends.</summary>
public sealed class Install(LabDbContext db, OutboxWriter outbox, TimeProvider time) : ITurnHandler
{
    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var isNew = await SaveReference.ActivateAsync(db, turn.Activity, time, ct);
        if (!isNew) return;

        var personal = turn.IsPersonal;
        // The chat the outbox held messages for (Graph:InstallForUsers installed the app for this person): they go now.
        if (personal && turn.Activity.From?.AadObjectId is { Length: > 0 } user) await outbox.WakeUserAsync(user, ct);
        turn.ReplyCard("installations/welcome", new JsonObject
        {
            // Names come from the directory, but anyone can set their display name: treat it as user text.
            ["userName"] = personal ? CardText.Plain(FirstName(turn.UserName), 60) : "",
            ["isTeam"] = !personal,
        });
    }

    private static string FirstName(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName)) return "";
        // City directories often write "Mustermann, Erika"; greet by the given name either way.
        var parts = displayName.Split(',', 2, StringSplitOptions.TrimEntries);
        var given = parts.Length == 2 ? parts[1] : parts[0];
        return given.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
    }
}
