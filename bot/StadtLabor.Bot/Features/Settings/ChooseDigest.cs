using System.Text.Json;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>
/// "einstellungen" / "settings": the personal digest (daily on working days at 7:30, weekly on the first working day
/// of the week, or off), which reminders wait for it, and the role digest for people holding a role. Saving takes
/// effect from the next edition: one already sent stays. Anything we do not know changes nothing and says so.
/// </summary>
public sealed class ChooseDigest(DigestSettings settings, CardRenderer cards, IRoleSource roles) : ITurnHandler, IVerbHandler
{
    public const string Verb = "settings.digest";

    /// <summary>The words a button or a ChoiceSet sends, and the fold each stands for.</summary>
    internal static readonly IReadOnlyDictionary<string, DigestFolds> FoldNames = new Dictionary<string, DigestFolds>(StringComparer.Ordinal)
    {
        ["lending"] = DigestFolds.LendingDueDates,
        ["ideas"] = DigestFolds.IdeaStatusChanges,
        ["surveys"] = DigestFolds.SurveyInvitations,
        ["trainings"] = DigestFolds.TrainingReminders,
    };

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Reply(Activity.Card(await CardAsync(turn, null, "", "", ct)));
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        // Without a frequency it is a link to the card (the menu, the digest's footer): just show it.
        if (data["frequency"] is null) return new VerbResult.Card(await CardAsync(turn, null, "", "", ct));
        if (turn.UserAadObjectId is not { Length: > 0 } user || turn.Activity.TenantId is not { Length: > 0 } tenant)
            return new VerbResult.Card(await CardAsync(turn, null, "", turn.Word("settingsDigest.unknownUser"), ct));
        if (Parse(data) is not { } choice)
            return new VerbResult.Card(await CardAsync(turn, null, "", turn.Word("settingsDigest.invalid"), ct));

        var current = await settings.OfAsync(tenant, user, ct);
        // The role digest switch is shown only to role holders; for others the stored value stays as it was.
        if (!await HoldsRoleAsync(turn, ct)) choice = choice with { RoleDigests = current.RoleDigests };
        await settings.SaveAsync(tenant, user, choice, ct);
        return new VerbResult.Card(await CardAsync(turn, choice, turn.Word("settingsDigest.saved"), "", ct));
    }

    /// <summary>The card's inputs as sent: frequency, folds (a ChoiceSet's comma list), roleDigests ("true"/"false").</summary>
    internal static DigestChoice? Parse(JsonObject data)
    {
        DigestFrequency? frequency = Text(data["frequency"]) switch
        {
            "daily" => DigestFrequency.Daily,
            "weekly" => DigestFrequency.Weekly,
            "off" => DigestFrequency.Off,
            _ => null,
        };
        if (frequency is null) return null;
        var folds = DigestFolds.None;
        var foldText = data["folds"] is null ? "" : Text(data["folds"]);
        if (foldText is null) return null;
        foreach (var name in foldText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!FoldNames.TryGetValue(name, out var fold)) return null;
            folds |= fold;
        }
        bool? roleDigests = data["roleDigests"] is null ? true : Text(data["roleDigests"]) switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
        return roleDigests is null ? null : new DigestChoice(frequency.Value, folds, roleDigests.Value);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Trim().ToLowerInvariant() : null;

    private async Task<bool> HoldsRoleAsync(TurnContext turn, CancellationToken ct) =>
        LabUser.From(turn) is { } person
        && (await roles.RolesOfAsync(person, ct)).Any(r => r is Role.LabTeam or Role.Lotse or Role.Innovation);

    private async Task<JsonObject> CardAsync(TurnContext turn, DigestChoice? choice, string notice, string error, CancellationToken ct)
    {
        choice ??= turn.UserAadObjectId is { Length: > 0 } user && turn.Activity.TenantId is { Length: > 0 } tenant
            ? await settings.OfAsync(tenant, user, ct)
            : DigestSettings.Default;
        return cards.Render("settings/digest", turn.Lang, new JsonObject
        {
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["error"] = error,
            ["hasError"] = error.Length > 0,
            ["frequency"] = choice.Frequency.ToString().ToLowerInvariant(),
            ["folds"] = string.Join(",", FoldNames.Where(f => (choice.Folds & f.Value) == f.Value).Select(f => f.Key)),
            ["roleDigests"] = choice.RoleDigests ? "true" : "false",
            ["hasRole"] = await HoldsRoleAsync(turn, ct),
        });
    }
}
