using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Privacy;

/// <summary>
/// "datenschutz": a short card (what is stored, why and on which legal basis, how long, the rights, whom to write
/// to) with "Alles lesen" for the full text. How long comes from the registered retention policies and their
/// configured days, in words, so the notice cannot drift from what the purge job does.
/// </summary>
public sealed class ShowPrivacyNotice(IOptions<PrivacyOptions> options, IEnumerable<IRetentionPolicy> policies, Strings strings)
    : ITurnHandler, IVerbHandler
{
    public Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        turn.ReplyCard("privacy/notice", Data(turn));
        return Task.CompletedTask;
    }

    public Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        Task.FromResult<VerbResult>(new VerbResult.Card(turn.Card("privacy/notice", Data(turn))));

    private JsonObject Data(TurnContext turn)
    {
        var o = options.Value;
        var kinds = new JsonArray();
        foreach (var policy in policies)
        {
            var words = "privacy.kinds." + JsonNamingPolicy.CamelCase.ConvertName(policy.Kind);
            var kept = Wording.Duration(strings, turn.Lang, TimeSpan.FromDays(o.DaysFor(policy)));
            kinds.Add(new JsonObject
            {
                ["short"] = turn.Word(words + ".short"),
                ["what"] = turn.Word(words + ".what"),
                ["why"] = turn.Word(words + ".why"),
                ["howLong"] = turn.Format(words + ".howLong", kept),
            });
        }
        // The mail addresses are not data here: the card links them from the checked "contacts" (Cards/CardContacts.cs).
        return new JsonObject
        {
            ["notice"] = o.NoticeFor(turn.Lang) ?? turn.Word("privacy.defaults.notice"),
            ["controller"] = NonEmpty(o.Controller) ?? turn.Word("privacy.defaults.controller"),
            ["contact"] = NonEmpty(o.Contact) ?? turn.Word("privacy.defaults.contact"),
            ["kinds"] = kinds,
        };
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
