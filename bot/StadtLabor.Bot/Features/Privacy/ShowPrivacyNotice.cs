using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Privacy;

/// <summary>
/// "datenschutz": who is responsible, what the bot stores, why and for how long (from the registered retention
/// policies and their configured days, so the notice cannot drift from what the purge job does), and the rights.
/// </summary>
public sealed class ShowPrivacyNotice(IOptions<PrivacyOptions> options, IEnumerable<IRetentionPolicy> policies) : ITurnHandler, IVerbHandler
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
            kinds.Add(new JsonObject
            {
                ["what"] = turn.Word(words + ".what"),
                ["why"] = turn.Word(words + ".why"),
                ["howLong"] = turn.Format(words + ".howLong", o.DaysFor(policy)),
            });
        }
        // Configured texts come from the city's administrators, not from users, so they may carry a link.
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
