using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Turns;

/// <summary>
/// Decides which feature handler an accepted activity goes to: install events, card verbs (Action.Execute
/// invokes, or Action.Submit messages carrying a verb), typed commands, and the fallback for everything else.
/// The role a verb or command declares is checked here, before its handler runs: a denied user gets the polite
/// "denied" card and nothing changes.
/// </summary>
public sealed partial class ActivityRouter(
    IServiceProvider services, TurnRoutes routes, CardRenderer cards, Strings strings, ReplySender replies, RoleGate roles,
    IConfiguration configuration, ILogger<ActivityRouter> log) : IActivityHandler
{
    public async Task<InvokeResponse?> HandleAsync(Activity activity, CancellationToken ct)
    {
        var turn = new TurnContext(activity, LanguageFor(activity), cards, strings);
        foreach (var observer in services.GetServices<ITurnObserver>()) await observer.ObserveAsync(turn, ct);

        InvokeResponse? response = null;
        switch (activity.Type)
        {
            case ActivityTypes.InstallationUpdate:
                await RunAsync(activity.Action is "remove" or "remove-upgrade" ? routes.Uninstall : routes.Install, turn, ct);
                break;
            case ActivityTypes.ConversationUpdate:
                await OnConversationUpdateAsync(turn, ct);
                break;
            case ActivityTypes.Message:
                await OnMessageAsync(turn, ct);
                break;
            case ActivityTypes.Invoke:
                response = await OnInvokeAsync(turn, ct);
                break;
            default:
                LogIgnored(log, activity.Type ?? "(none)");
                break;
        }

        if (turn.Replies.Count > 0 && activity.ServiceUrl is { } serviceUrl)
        {
            var replyTo = activity.Type == ActivityTypes.Message ? activity.Id : null;
            replies.Enqueue(new PendingReply(serviceUrl, turn.ConversationId, replyTo, turn.Replies.Select(r => Address(r, activity)).ToList()));
        }
        return response;
    }

    private async Task OnConversationUpdateAsync(TurnContext turn, CancellationToken ct)
    {
        var botId = turn.Activity.Recipient?.Id;
        if (botId is null) return;
        // Teams announces the bot's own arrival as a member added; other members joining a team are not our business.
        if (turn.Activity.MembersAdded?.Any(m => m.Id == botId) == true) await RunAsync(routes.Install, turn, ct);
        else if (turn.Activity.MembersRemoved?.Any(m => m.Id == botId) == true) await RunAsync(routes.Uninstall, turn, ct);
    }

    private async Task OnMessageAsync(TurnContext turn, CancellationToken ct)
    {
        // Action.Submit (older clients, or a card sent as a plain message) arrives as a message with a value.
        if (turn.Activity.Value is JsonObject value && value["verb"]?.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            var result = await RunVerbAsync(value["verb"]!.GetValue<string>(), value, turn, ct);
            switch (result)
            {
                case VerbResult.Card card: turn.Reply(Activity.Card(card.Content)); break;
                case VerbResult.Message message: turn.Reply(Activity.Message(message.Text)); break;
                case VerbResult.Refused error: turn.Reply(Activity.Message(error.Text)); break;
            }
            return;
        }

        turn.Text = Mentions.Strip(turn.Activity);
        var match = routes.MatchCommand(turn.Text);
        if (match is not null)
        {
            turn.Command = match.Command;
            turn.CommandArgument = match.Argument;
            if (await DeniedCardAsync(turn, match.Role, match.Command, ct) is { } denied)
            {
                turn.Reply(Activity.Card(denied));
                return;
            }
        }
        await RunAsync(match?.Handler ?? routes.Fallback, turn, ct);
    }

    private async Task<InvokeResponse> OnInvokeAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Name != "adaptiveCard/action") return InvokeResponse.NotImplemented();
        var action = (turn.Activity.Value as JsonObject)?["action"] as JsonObject;
        var verb = action?["verb"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? action["verb"]!.GetValue<string>() : null;
        if (verb is null) return InvokeResponse.Error(400, "BadRequest", turn.Word("invoke.unknownAction"));
        var data = action!["data"] as JsonObject ?? [];

        return await RunVerbAsync(verb, data, turn, ct) switch
        {
            VerbResult.Card card => InvokeResponse.Card(card.Content),
            VerbResult.Message message => InvokeResponse.Message(message.Text),
            VerbResult.Refused error => InvokeResponse.Error(error.StatusCode, error.Code, error.Text),
            _ => throw new InvalidOperationException("unknown verb result"),
        };
    }

    private async Task<VerbResult> RunVerbAsync(string verb, JsonObject data, TurnContext turn, CancellationToken ct)
    {
        if (!routes.Verbs.TryGetValue(verb, out var route))
        {
            // An old card can carry a verb we no longer have; tell the user kindly and show the way back.
            var loggable = LoggableVerb(verb);
            LogUnknownVerb(log, loggable);
            return new VerbResult.Card(turn.Card("shared/error", new JsonObject { ["reason"] = turn.Word("invoke.unknownAction") }));
        }
        turn.Verb = verb;
        if (await DeniedCardAsync(turn, route.Role, verb, ct) is { } denied) return new VerbResult.Card(denied);
        var handler = (IVerbHandler)ActivatorUtilities.GetServiceOrCreateInstance(services, route.Handler);
        return await handler.HandleAsync(turn, data, ct);
    }

    /// <summary>Null when the user holds the role; otherwise the card that names the role needed, in their language.</summary>
    private async Task<JsonObject?> DeniedCardAsync(TurnContext turn, Role required, string what, CancellationToken ct)
    {
        if (await roles.AllowsAsync(turn, required, ct)) return null;
        // What was refused and which role it needed; not who asked (the log is no register of people).
        LogDenied(log, what, required);
        return turn.Card("shared/denied", new JsonObject { ["roleName"] = turn.Word(RoleRules.WordKey(required)) });
    }

    /// <summary>The verb comes from card data anyone can edit: only a well-formed one goes into the log, never free text.</summary>
    internal static string LoggableVerb(string verb) =>
        verb.Length <= 64 && System.Text.RegularExpressions.Regex.IsMatch(verb, "^[a-z]+\\.[a-zA-Z]+$") ? verb : "(malformed)";

    private async Task RunAsync(Type? handlerType, TurnContext turn, CancellationToken ct)
    {
        if (handlerType is null) return;
        var handler = (ITurnHandler)ActivatorUtilities.GetServiceOrCreateInstance(services, handlerType);
        await handler.HandleAsync(turn, ct);
    }

    /// <summary>
    /// The Teams client's language, unless Lab:Language fixes one ("de" or "en"): the Agents Playground always
    /// claims en-US, and a city may want German for everyone.
    /// </summary>
    private string LanguageFor(Activity activity) => configuration["Lab:Language"] switch
    {
        "de" => Strings.German,
        "en" => Strings.English,
        _ => Strings.For(activity.Locale),
    };

    /// <summary>Our replies come from the bot (the incoming recipient) and go to the sender, in the same conversation.</summary>
    private static Activity Address(Activity reply, Activity incoming)
    {
        reply.Type ??= ActivityTypes.Message;
        reply.From ??= incoming.Recipient;
        reply.Recipient ??= incoming.From;
        reply.Conversation ??= incoming.Conversation;
        reply.ChannelId ??= incoming.ChannelId;
        reply.ServiceUrl ??= incoming.ServiceUrl;
        if (incoming.Type == ActivityTypes.Message) reply.ReplyToId ??= incoming.Id;
        return reply;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activity of type {Type} ignored")]
    private static partial void LogIgnored(ILogger logger, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card verb {Verb} is not registered")]
    private static partial void LogUnknownVerb(ILogger logger, string verb);

    [LoggerMessage(Level = LogLevel.Information, Message = "Denied {Action}: needs role {Role}")]
    private static partial void LogDenied(ILogger logger, string action, Role role);
}
