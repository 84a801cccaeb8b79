using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Privacy.MyData;

/// <summary>
/// "Meine Daten löschen" (DSGVO Art. 17): the first click shows what erasing means, the second (its own verb)
/// erases through every feature's <see cref="IPersonalData"/> and answers what was removed and what remains, and
/// why. The person is the one Teams signed the activity for. Idempotent: clicking again (or Teams re-delivering)
/// finds nothing and says so. Each feature erases in its own transactions; if one fails the click can be repeated
/// and finishes the rest. The answer goes back in the HTTP response, so it arrives although the chat reference is gone.
/// </summary>
public sealed partial class EraseMyData(IEnumerable<IPersonalData> features, Strings strings, ILogger<EraseMyData> log) : IVerbHandler
{
    public const string AskVerb = "privacy.erase";
    public const string ConfirmVerb = "privacy.eraseConfirmed";

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (ShowMyData.Refusal(turn) is { } refused) return new VerbResult.Card(refused);
        if (turn.Verb != ConfirmVerb) return new VerbResult.Card(turn.Card("privacy/confirmErase"));

        var person = new DataSubject(turn.UserAadObjectId!);
        var results = new List<ErasedKind>();
        foreach (var feature in features) results.AddRange(await feature.EraseAsync(person, ct));
        // Kinds and counts only: the log is no register of who asked to be forgotten.
        int removedRows = results.Sum(r => r.Removed), keptRows = results.Sum(r => r.Kept);
        LogErased(log, removedRows, keptRows);

        var removed = new JsonArray();
        foreach (var r in results.Where(r => r.Removed > 0))
            removed.Add(new JsonObject { ["what"] = MyDataWords.What(strings, turn.Lang, r.Kind), ["count"] = MyDataWords.Number(turn.Lang, r.Removed) });
        var kept = new JsonArray();
        foreach (var r in results.Where(r => r.Kept > 0))
        {
            kept.Add(new JsonObject
            {
                ["what"] = MyDataWords.What(strings, turn.Lang, r.Kind),
                ["count"] = MyDataWords.Number(turn.Lang, r.Kept),
                ["why"] = turn.Word("privacy.kept." + (r.KeptReason ?? throw new InvalidOperationException($"{r.Kind}: kept rows need a reason"))),
            });
        }
        return new VerbResult.Card(turn.Card("privacy/erased", new JsonObject
        {
            ["removed"] = removed,
            ["hasRemoved"] = removed.Count > 0,
            ["noneRemoved"] = removed.Count == 0,
            ["kept"] = kept,
            ["noneKept"] = kept.Count == 0,
        }));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Personal data erased on request: {Removed} rows removed, {Kept} kept anonymised or in use")]
    private static partial void LogErased(ILogger logger, int removed, int kept);
}
