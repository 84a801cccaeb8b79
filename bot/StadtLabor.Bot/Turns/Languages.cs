using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Turns;

/// <summary>The languages people chose themselves ("sprache"); the feature that stores them implements it.</summary>
public interface ILanguageChoices
{
    /// <summary>The person's own choice ("de" or "en"), or null when they made none.</summary>
    Task<string?> ChosenAsync(string tenantId, string userAadObjectId, CancellationToken ct);

    /// <summary>The choices of many people of one tenant (everyone signed up for a session) in one query.</summary>
    Task<IReadOnlyDictionary<string, string>> ChosenAsync(string tenantId, IReadOnlyCollection<string> userAadObjectIds, CancellationToken ct);
}

/// <summary>Where a turn's language comes from, so a card can say it honestly.</summary>
public enum LanguageSource
{
    /// <summary>The Teams client's locale.</summary>
    Client,

    /// <summary>Lab:Language fixes one for everyone who chose none.</summary>
    Configured,

    /// <summary>The person chose it ("sprache").</summary>
    Chosen,
}

/// <summary>The language of one turn and where it comes from.</summary>
public sealed record TurnLanguage(string Lang, LanguageSource Source);

/// <summary>
/// The one place that says which language a person reads, for the answer to their turn and for everything sent to
/// them later (reminders, offers, notices): their own choice when they made one; otherwise Lab:Language when it fixes
/// one ("de" or "en"; the Agents Playground always claims en-US, and a city may want German for everyone); otherwise
/// the Teams client's. A message sent later has no client, so its caller names the language it knew (e.g. the one of
/// the turn that signed the person up).
/// The choice is read from the database on every turn (one primary-key read) rather than cached: several instances
/// share the database, and a cache in one of them would answer in the old language after a change made in another.
/// </summary>
public sealed class Languages(IConfiguration configuration, ILanguageChoices? choices = null)
{
    /// <summary>The language for a Teams locale when the person chose none.</summary>
    public string Default(string? locale) => DefaultFor(locale).Lang;

    private TurnLanguage DefaultFor(string? locale) => configuration["Lab:Language"] switch
    {
        "de" => new(Strings.German, LanguageSource.Configured),
        "en" => new(Strings.English, LanguageSource.Configured),
        _ => new(Strings.For(locale), LanguageSource.Client),
    };

    public async Task<TurnLanguage> ForTurnAsync(Activity activity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (choices is not null && activity.TenantId is { Length: > 0 } tenant && activity.From?.AadObjectId is { Length: > 0 } user
            && Known(await choices.ChosenAsync(tenant, user, ct)) is { } chosen)
            return new TurnLanguage(chosen, LanguageSource.Chosen);
        return DefaultFor(activity.Locale);
    }

    /// <summary>For a message to one person later: their choice, else <paramref name="fallback"/>.</summary>
    public async Task<string> ForPersonAsync(string tenantId, string userAadObjectId, string fallback, CancellationToken ct) =>
        (choices is null ? null : Known(await choices.ChosenAsync(tenantId, userAadObjectId, ct))) ?? Known(fallback) ?? Strings.German;

    /// <summary>For messages to many people of one tenant later (one query for all of them).</summary>
    public async Task<PeopleLanguages> ForPeopleAsync(string tenantId, IEnumerable<string> userAadObjectIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(userAadObjectIds);
        var ids = userAadObjectIds.Distinct(StringComparer.Ordinal).ToList();
        return new PeopleLanguages(choices is null || ids.Count == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : await choices.ChosenAsync(tenantId, ids, ct));
    }

    /// <summary>Only a language we have words for; a stray value (a hand-edited row) counts as no choice.</summary>
    internal static string? Known(string? lang) => lang is not null && Strings.Languages.Contains(lang) ? lang : null;
}

/// <summary>The choices of a group of people, asked once; <see cref="Of"/> answers per person.</summary>
public sealed class PeopleLanguages(IReadOnlyDictionary<string, string> chosen)
{
    /// <summary>The person's choice, else <paramref name="fallback"/> (what the feature recorded, e.g. at sign-up).</summary>
    public string Of(string userAadObjectId, string fallback) =>
        (chosen.TryGetValue(userAadObjectId, out var lang) ? Languages.Known(lang) : null) ?? Languages.Known(fallback) ?? Strings.German;
}
