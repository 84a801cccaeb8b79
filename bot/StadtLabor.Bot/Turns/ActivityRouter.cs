using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Roles;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Turns;

/// <summary>
/// Decides which feature handler an accepted activity goes to: install events, card verbs (Action.Execute
/// invokes, or Action.Submit messages carrying a verb), typed commands, and the fallback for everything else.
/// The role a verb or command declares is checked here, before its handler runs: a denied user gets the polite
/// "denied" card and nothing changes.
/// </summary>
public sealed partial class ActivityRouter(
    IServiceProvider services, TurnRoutes routes, CardRenderer cards, Strings strings, ReplySender replies, RoleGate roles,
    Languages languages, ILogger<ActivityRouter> log) : IActivityHandler
{
    /// <summary>Set while a shared conversation's lab-team answer goes to the person's 1:1 chat instead.</summary>
    private bool _answeredPrivately;

    public async Task<InvokeResponse?> HandleAsync(Activity activity, CancellationToken ct)
    {
        var turn = new TurnContext(activity, languages.Default(activity.Locale), cards, strings);
        InvokeResponse? response = null;
        try
        {
            // Inside the error boundary: a database that does not answer gets the error card, in the client's language.
            turn.UseLanguage(await languages.ForTurnAsync(activity, ct));
            foreach (var observer in services.GetServices<ITurnObserver>()) await observer.ObserveAsync(turn, ct);

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
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The error boundary: whatever the handler wrote is rolled back (see RunInUnitOfWorkAsync), whatever it
            // meant to reply is dropped, and the person learns that it failed and whom to tell.
            var incident = Incident.NewId();
            LogTurnFailed(log, incident, activity.Type ?? "(none)", Where(turn), Incident.Describe(ex));
            var card = turn.Card("shared/error", new JsonObject
            {
                // Whom to tell is on the card itself, as a mailto link (CardContacts).
                ["reason"] = turn.Format("error.incident", incident),
            });
            if (activity.Type == ActivityTypes.Invoke)
                return IsDialogInvoke(activity) ? InvokeResponse.Dialog(ForDialog(card), turn.Word("error.dialogTitle")) : InvokeResponse.Card(card);
            await SendRepliesAsync(activity, turn.ConversationId, [Activity.Card(card)], ct);
            return null;
        }

        if (_answeredPrivately) await SendRepliesAsync(activity, turn.ConversationId, [Activity.Message(turn.Word("error.privateReply"))], ct);
        else await SendRepliesAsync(activity, turn.ConversationId, turn.Replies, ct);
        return response;
    }

    /// <summary>Queues the replies; when the queue is full this waits, and so does the acknowledgement (back-pressure).</summary>
    private async ValueTask SendRepliesAsync(Activity activity, string conversationId, IReadOnlyList<Activity> toSend, CancellationToken ct)
    {
        if (toSend.Count == 0 || activity.ServiceUrl is not { } serviceUrl || conversationId.Length == 0) return;
        var replyTo = activity.Type == ActivityTypes.Message ? activity.Id : null;
        await replies.EnqueueAsync(new PendingReply(serviceUrl, conversationId, replyTo, toSend.Select(r => Address(r, activity)).ToList(),
            activity.TenantId, activity.From?.AadObjectId), ct);
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
            var result = await RunVerbAsync(value["verb"]!.GetValue<string>(), value, turn, ct, answerPrivately: !turn.IsPersonal);
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
        else if (await InterpretAsync(turn, ct)) return;
        await RunAsync(match?.Handler ?? routes.Fallback, turn, ct, answerPrivately: match is not null && match.Role != Role.Staff && !turn.IsPersonal);
    }

    /// <summary>A text no command matched may still name something a feature knows (a tool); the menu only if none does.</summary>
    private async Task<bool> InterpretAsync(TurnContext turn, CancellationToken ct)
    {
        foreach (var type in routes.Interpreters)
        {
            var interpreter = (ITextInterpreter)ActivatorUtilities.GetServiceOrCreateInstance(services, type);
            if (await RunInUnitOfWorkAsync(() => interpreter.TryAnswerAsync(turn, ct), ct)) return true;
        }
        return false;
    }

    private static bool IsDialogInvoke(Activity activity) => activity.Name is "composeExtension/fetchTask" or "composeExtension/submitAction";

    /// <summary>
    /// A chat card (the error or denied card) shown in a dialog instead: without its Action.Execute buttons ("Zurück
    /// zum Menü", "Nochmal versuchen"). Universal Actions work on cards a bot sent into a conversation; a dialog's card
    /// submits only with Action.Submit, so those buttons would do nothing there. The dialog closes with its own X.
    /// </summary>
    internal static JsonObject ForDialog(JsonObject card)
    {
        if (card["actions"] is not JsonArray actions) return card;
        foreach (var execute in actions.Where(a => a?["type"]?.GetValue<string>() == "Action.Execute").ToList()) actions.Remove(execute);
        if (actions.Count == 0) card.Remove("actions");
        return card;
    }

    private async Task<InvokeResponse> OnInvokeAsync(TurnContext turn, CancellationToken ct)
    {
        if (IsDialogInvoke(turn.Activity)) return await OnMessageActionAsync(turn, ct);
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

    /// <summary>
    /// A message extension's action (fetchTask opens the dialog, submitAction sends it): the command id picks the
    /// handler, its role is checked first, and the answer is a dialog card or a closing text. The answer goes only
    /// to the person acting (Teams shows a dialog to them alone).
    /// </summary>
    private async Task<InvokeResponse> OnMessageActionAsync(TurnContext turn, CancellationToken ct)
    {
        var value = turn.Activity.Value as JsonObject ?? [];
        var commandId = value["commandId"] is JsonValue id && id.GetValueKind() == System.Text.Json.JsonValueKind.String ? id.GetValue<string>() : "";
        if (!routes.MessageActions.TryGetValue(commandId, out var route))
        {
            var loggable = LoggableVerb("messageAction." + commandId);
            LogUnknownVerb(log, loggable);
            return InvokeResponse.DialogMessage(turn.Word("invoke.unknownAction"));
        }
        turn.Verb = "messageAction." + commandId;
        if (await DeniedCardAsync(turn, route.Role, turn.Verb, ct) is { } denied) return InvokeResponse.Dialog(ForDialog(denied), turn.Word("error.dialogTitle"));
        var handler = (IMessageActionHandler)ActivatorUtilities.GetServiceOrCreateInstance(services, route.Handler);
        var fetch = turn.Activity.Name == "composeExtension/fetchTask";
        var result = await RunInUnitOfWorkAsync(() => fetch
            ? handler.FetchAsync(turn, value, ct)
            : handler.SubmitAsync(turn, value, value["data"] as JsonObject ?? [], ct), ct);
        return result switch
        {
            DialogResult.Card card => InvokeResponse.Dialog(card.Content, card.Title),
            DialogResult.Message message => InvokeResponse.DialogMessage(message.Text),
            _ => throw new InvalidOperationException("unknown dialog result"),
        };
    }

    /// <param name="answerPrivately">
    /// An Action.Submit in a group chat or channel: its answer is a message everyone reads, so a lab-team card goes to
    /// the person's 1:1 chat. (Action.Execute answers in the invoke response, which Teams shows only to the clicker.)
    /// </param>
    private async Task<VerbResult> RunVerbAsync(string verb, JsonObject data, TurnContext turn, CancellationToken ct, bool answerPrivately = false)
    {
        if (!routes.Verbs.TryGetValue(verb, out var route))
        {
            // An old card can carry a verb we no longer have; tell the user kindly and show the way back.
            var loggable = LoggableVerb(verb);
            LogUnknownVerb(log, loggable);
            return turn.ErrorCard(turn.Word("invoke.unknownAction"));
        }
        turn.Verb = verb;
        if (await DeniedCardAsync(turn, route.Role, verb, ct) is { } denied) return new VerbResult.Card(denied);
        var handler = (IVerbHandler)ActivatorUtilities.GetServiceOrCreateInstance(services, route.Handler);
        var privately = answerPrivately && route.Role != Role.Staff;
        return await RunInUnitOfWorkAsync(async () =>
        {
            var result = await handler.HandleAsync(turn, data, ct);
            if (!privately) return result;
            var reply = result switch
            {
                VerbResult.Card card => Activity.Card(card.Content),
                VerbResult.Message message => Activity.Message(message.Text),
                VerbResult.Refused error => Activity.Message(error.Text),
                _ => throw new InvalidOperationException("unknown verb result"),
            };
            await SendPrivatelyAsync(turn, [reply], ct);
            return result;
        }, ct);
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
        verb.Length <= 64 && System.Text.RegularExpressions.Regex.IsMatch(verb, "^[a-z][a-zA-Z]*\\.[a-zA-Z]+$") ? verb : "(malformed)";

    private async Task RunAsync(Type? handlerType, TurnContext turn, CancellationToken ct, bool answerPrivately = false)
    {
        if (handlerType is null) return;
        var handler = (ITurnHandler)ActivatorUtilities.GetServiceOrCreateInstance(services, handlerType);
        await RunInUnitOfWorkAsync(async () =>
        {
            await handler.HandleAsync(turn, ct);
            if (answerPrivately) await SendPrivatelyAsync(turn, turn.Replies, ct);
            return true;
        }, ct);
    }

    /// <summary>
    /// A handler is one unit of work (<see cref="TurnTransaction"/>): what it writes commits when it returns and rolls
    /// back when it throws, however often it called SaveChanges; a handler that only reads opens no transaction.
    /// Handlers needing their own transaction use <see cref="LabTransaction"/>, which becomes a savepoint here. Role
    /// checks run before, outside it, because they may ask Teams (a network call must not hold SQLite's write lock).
    /// </summary>
    private async Task<T> RunInUnitOfWorkAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        // A host without a database (the router's own unit tests) has nothing to roll back.
        if (services.GetService<LabDbContext>() is not { } db) return await work();
        return await TurnTransaction.RunAsync(db, work, ct);
    }

    /// <summary>
    /// Lab-team (and other role) cards never go into a group chat or channel where others read along: they go to the
    /// person's 1:1 chat through the outbox (which opens that chat if needed), in the turn's transaction; the shared
    /// conversation only hears that an answer was sent privately. The activity id keys them: Teams re-delivers.
    /// </summary>
    private async Task SendPrivatelyAsync(TurnContext turn, IReadOnlyList<Activity> answers, CancellationToken ct)
    {
        if (turn.UserAadObjectId is not { Length: > 0 } user || turn.Activity.TenantId is not { Length: > 0 } tenant) return;
        var outbox = services.GetRequiredService<OutboxWriter>();
        var key = turn.Activity.Id is { Length: > 0 and <= 128 } id ? id : Guid.NewGuid().ToString("N");
        for (var i = 0; i < answers.Count; i++)
            await outbox.ToUserAsync($"turns.private:{key}:{i}", tenant, user, answers[i], ct);
        await services.GetRequiredService<LabDbContext>().SaveChangesAsync(ct);
        _answeredPrivately = true;
    }

    /// <summary>What failed, for the log: a card verb or command as registered (never the typed text).</summary>
    private static string Where(TurnContext turn) =>
        turn.Verb.Length > 0 ? LoggableVerb(turn.Verb) : turn.Command.Length > 0 ? turn.Command : "(no command)";

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed, incident {Incident}: {ActivityType} {Where} threw {Exception}")]
    private static partial void LogTurnFailed(ILogger logger, string incident, string activityType, string where, string exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activity of type {Type} ignored")]
    private static partial void LogIgnored(ILogger logger, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card verb {Verb} is not registered")]
    private static partial void LogUnknownVerb(ILogger logger, string verb);

    [LoggerMessage(Level = LogLevel.Information, Message = "Denied {Action}: needs role {Role}")]
    private static partial void LogDenied(ILogger logger, string action, Role role);
}
