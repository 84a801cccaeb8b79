using System.Text.Json.Nodes;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Menu;

/// <summary>
/// The main menu: for "hilfe", for the menu button on any card, and for anything we did not understand, because
/// a bot that stays silent or says only "I don't understand" leaves a clerk stuck. Every area is built now (the
/// "kommt bald" card went with the surveys); the lab team's own entries appear only for those who hold the role.
/// </summary>
public sealed class ShowMenu(RoleGate roles) : ITurnHandler, IVerbHandler
{
    /// <summary>Entry key (its words are menu.KEY.title, .description, .action) and the verb its button sends.</summary>
    private static readonly (string Key, string Verb)[] Available =
        [("trainings", "trainings.list"), ("lending", "lending.catalogue"), ("ideas", "ideas.start"), ("surveys", "surveys.list"), ("myItems", "myitems.show"), ("privacy", "privacy.notice")];

    private static readonly (string Key, string Verb)[] Team =
        [("manage", "trainings.manage"), ("outbox", "outbox.status")];

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var notUnderstood = turn.Command.Length == 0 && turn.Text.Length > 0;
        turn.ReplyCard("menu/main", await DataAsync(turn, notUnderstood, ct));
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("menu/main", await DataAsync(turn, notUnderstood: false, ct)));

    private async Task<JsonObject> DataAsync(TurnContext turn, bool notUnderstood, CancellationToken ct)
    {
        var sections = new JsonArray
        {
            Section("", Available.Select(e => Entry(turn, e.Key, e.Verb))),
        };
        // Only in the 1:1 chat: a group reads along, and lab-team cards never answer there (DESIGN.md).
        if (turn.IsPersonal && await roles.AllowsAsync(turn, Role.LabTeam, ct))
            sections.Add(Section(turn.Word("menu.teamTitle"), Team.Select(e => Entry(turn, e.Key, e.Verb))));
        return new JsonObject
        {
            ["notUnderstood"] = notUnderstood,
            ["sections"] = sections,
        };
    }

    private static JsonObject Section(string heading, IEnumerable<JsonObject> entries) => new()
    {
        ["heading"] = heading,
        ["entries"] = new JsonArray([.. entries]),
    };

    private static JsonObject Entry(TurnContext turn, string key, string verb) =>
        new()
        {
            ["title"] = turn.Word($"menu.{key}.title"),
            ["description"] = turn.Word($"menu.{key}.description"),
            ["action"] = turn.Word($"menu.{key}.action"),
            ["verb"] = verb,
        };
}
