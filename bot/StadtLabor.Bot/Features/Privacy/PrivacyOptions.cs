using System.Globalization;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Features.Privacy;

/// <summary>
/// Section "Privacy": the notice's own words where the city wants them (otherwise the defaults in the word files),
/// and the retention per kind of data in days.
/// </summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";
    public const int MaxRetentionDays = 3650;

    /// <summary>Privacy:Notice:de, Privacy:Notice:en: replaces the opening text of the notice.</summary>
    public Dictionary<string, string> Notice { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The controller (Verantwortliche/r) as it should appear on the notice.</summary>
    public string? Controller { get; set; }

    /// <summary>How to reach the data protection officer (Datenschutzbeauftragte/r).</summary>
    public string? Contact { get; set; }

    /// <summary>Privacy:Retention:&lt;Kind&gt; = days; checked at start-up against the registered policies.</summary>
    public Dictionary<string, string> Retention { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Privacy:MinGroupSize: figures about a group (e.g. feedback) only from this many people on (see SmallGroups).</summary>
    public int MinGroupSize { get; set; } = 5;

    /// <summary>Privacy:MinFreeTextSize: free text (comments) only from this many texts on; a text says more than a number.</summary>
    public int MinFreeTextSize { get; set; } = 10;

    public int DaysFor(IRetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Retention.TryGetValue(policy.Kind, out var raw) && !string.IsNullOrWhiteSpace(raw)
            ? int.Parse(raw, NumberStyles.None, CultureInfo.InvariantCulture)
            : policy.DefaultDays;
    }

    /// <summary>The days of the registered policy of that type (for "meine daten", which names the same retention as the purge).</summary>
    public int DaysFor<TPolicy>(IEnumerable<IRetentionPolicy> policies) where TPolicy : IRetentionPolicy =>
        DaysFor(policies.OfType<TPolicy>().Single());

    public string? NoticeFor(string lang) => Notice.GetValueOrDefault(lang) is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text : null;
}

/// <summary>
/// Checks the section at start-up. The retention kinds are only known from the registered policies, which are
/// scoped (they use the DbContext), hence the scope; creating them opens no connection.
/// </summary>
internal sealed class PrivacyOptionsValidator(IServiceScopeFactory scopes) : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        var errors = new List<string>();
        foreach (var lang in options.Notice.Keys.Where(k => !Strings.Languages.Contains(k)))
            errors.Add($"{PrivacyOptions.Section}:Notice:{lang} is not a language of the bot: use {string.Join(" or ", Strings.Languages)} (Privacy__Notice__de).");

        if (options.MinGroupSize is < 2 or > 100)
            errors.Add($"{PrivacyOptions.Section}:MinGroupSize {options.MinGroupSize} must be between 2 and 100 (Privacy__MinGroupSize).");
        if (options.MinFreeTextSize < options.MinGroupSize || options.MinFreeTextSize > 100)
            errors.Add($"{PrivacyOptions.Section}:MinFreeTextSize {options.MinFreeTextSize} must be between Privacy:MinGroupSize ({options.MinGroupSize}) and 100 (Privacy__MinFreeTextSize).");

        using var scope = scopes.CreateScope();
        var policies = scope.ServiceProvider.GetServices<IRetentionPolicy>().ToList();
        var kinds = policies.Select(p => p.Kind).ToList();
        foreach (var (kind, raw) in options.Retention)
        {
            var key = $"{PrivacyOptions.Section}:Retention:{kind}";
            if (!kinds.Contains(kind, StringComparer.OrdinalIgnoreCase))
                errors.Add($"{key} is not a kind of data the bot keeps: use {string.Join(", ", kinds)}.");
            else if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < 1 || days > PrivacyOptions.MaxRetentionDays)
                errors.Add($"{key} '{raw}' must be a whole number of days between 1 and {PrivacyOptions.MaxRetentionDays} (Privacy__Retention__{kind}).");
        }
        foreach (var duplicate in kinds.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add($"Retention kind '{duplicate.Key}' is registered by more than one policy.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
