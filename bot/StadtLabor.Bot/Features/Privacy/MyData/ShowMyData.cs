using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Privacy.MyData;

/// <summary>
/// "meine daten" (DSGVO Art. 15): every kind of data the features hold about the person, with count, purpose and
/// retention, and a download of all of it behind a link signed for this person alone. The person is the one Teams
/// signed the activity for; card data names nobody. Only in the personal chat: in a group chat the card (and its
/// link, which is the permission) would be read by everyone.
/// </summary>
public sealed class ShowMyData(IEnumerable<IPersonalData> features, DownloadLinks links, Strings strings, TimeProvider time) : ITurnHandler, IVerbHandler
{
    public async Task HandleAsync(TurnContext turn, CancellationToken ct) => turn.Reply(Activity.Card(await CardAsync(turn, ct)));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(await CardAsync(turn, ct));

    private async Task<JsonObject> CardAsync(TurnContext turn, CancellationToken ct)
    {
        if (Refusal(turn) is { } refused) return refused;
        var person = new DataSubject(turn.UserAadObjectId!);
        var kinds = new JsonArray();
        // Kinds without data are named on one short list, so the card shows at a glance what is actually held.
        var emptyKinds = new JsonArray();
        foreach (var kind in await MyDataWords.DescribeAllAsync(features, person, ct))
        {
            if (kind.Count == 0)
            {
                emptyKinds.Add(new JsonObject { ["what"] = MyDataWords.What(strings, turn.Lang, kind.Kind) });
                continue;
            }
            kinds.Add(new JsonObject
            {
                ["what"] = MyDataWords.What(strings, turn.Lang, kind.Kind),
                ["why"] = MyDataWords.Why(strings, turn.Lang, kind.Kind),
                ["howLong"] = MyDataWords.HowLong(strings, turn.Lang, kind),
                ["count"] = MyDataWords.Number(turn.Lang, kind.Count),
            });
        }
        var grant = DownloadMyData.Grant(person.AadObjectId, turn.Lang, time.GetUtcNow().UtcDateTime);
        var jsonUrl = grant is null ? null : links.Url(grant, DownloadMyData.JsonPath);
        var htmlUrl = grant is null ? null : links.Url(grant, DownloadMyData.HtmlPath);
        var hasLinks = jsonUrl is not null && htmlUrl is not null;
        return turn.Card("privacy/myData", new JsonObject
        {
            ["kinds"] = kinds,
            ["emptyKinds"] = emptyKinds,
            ["hasEmpty"] = emptyKinds.Count > 0,
            ["jsonUrl"] = jsonUrl ?? "",
            ["htmlUrl"] = htmlUrl ?? "",
            ["hasLinks"] = hasLinks,
            ["noLinks"] = !hasLinks,
        });
    }

    /// <summary>The error card when the data must not be shown here (a shared conversation, an unknown person); null when it may.</summary>
    internal static JsonObject? Refusal(TurnContext turn)
    {
        if (!turn.IsPersonal)
            return turn.Card("shared/error", new JsonObject { ["reason"] = turn.Word("privacy.mine.personalOnly") });
        if (string.IsNullOrWhiteSpace(turn.UserAadObjectId))
            return turn.Card("shared/error", new JsonObject { ["reason"] = turn.Word("privacy.mine.unknownUser") });
        return null;
    }
}
