using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Turns;

/// <summary>One incoming activity and what we answer. Created per request by the ActivityRouter.</summary>
public sealed class TurnContext(Activity activity, string lang, CardRenderer cards, Strings strings)
{
    private readonly List<Activity> _replies = [];
    private readonly List<Activity> _afterReplies = [];

    public Activity Activity { get; } = activity;

    /// <summary>"de" or "en": the person's own choice, else the Teams client's (see <see cref="Languages"/>).</summary>
    public string Lang { get; private set; } = lang;

    /// <summary>Whether <see cref="Lang"/> is the person's own choice ("sprache"), Lab:Language or their client's.</summary>
    public LanguageSource LanguageSource { get; private set; } = LanguageSource.Client;

    /// <summary>
    /// Answers this turn in another language: the router, once it has read the person's choice, and the handler
    /// that changes the choice (its answer already speaks the new language).
    /// </summary>
    public void UseLanguage(TurnLanguage language)
    {
        ArgumentNullException.ThrowIfNull(language);
        Lang = Languages.Known(language.Lang) ?? throw new ArgumentException($"No words for language '{language.Lang}'", nameof(language));
        LanguageSource = language.Source;
    }

    /// <summary>Text after mention stripping and, for a matched command, the words after it.</summary>
    public string Text { get; internal set; } = "";
    public string CommandArgument { get; internal set; } = "";

    /// <summary>The matched command (its first phrase, normalised), or the card verb being handled.</summary>
    public string Command { get; internal set; } = "";
    public string Verb { get; internal set; } = "";

    public string? UserAadObjectId => Activity.From?.AadObjectId;
    public string? UserId => Activity.From?.Id;
    public string? UserName => Activity.From?.Name;
    public string ConversationId => Activity.Conversation?.Id ?? "";
    public bool IsPersonal => Activity.ConversationType == "personal";

    public IReadOnlyList<Activity> Replies => _afterReplies.Count == 0 ? _replies : [.. _replies, .. _afterReplies];

    public string Word(string key) => strings.Get(Lang, key);

    /// <summary>A word with {0}-style placeholders, numbers in the user's language.</summary>
    public string Format(string key, params object?[] args) => strings.Format(Lang, key, args);

    public JsonObject Card(string name, JsonObject? data = null) => cards.Render(name, Lang, data ?? []);

    /// <summary>The shared error card with <paramref name="reason"/> (already in words): input a verb cannot use; nothing was changed.</summary>
    public VerbResult ErrorCard(string reason) => new VerbResult.Card(Card("shared/error", new JsonObject { ["reason"] = reason }));

    public void Reply(Activity reply) => _replies.Add(reply);

    public void ReplyCard(string name, JsonObject? data = null) => _replies.Add(Activity.Card(Card(name, data)));

    /// <summary>A reply that goes after the handler's answer (an observer runs first, but its hint reads best below it).</summary>
    public void ReplyAfter(Activity reply) => _afterReplies.Add(reply);
}
