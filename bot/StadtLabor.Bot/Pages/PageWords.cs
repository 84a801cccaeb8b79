using System.Globalization;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Pages;

/// <summary>
/// Words and the signed-in person for a page, from the same strings.*.json as the cards (section "pages"). The
/// language is the person's own choice ("sprache" in the chat, or the switch in the page header), else Lab:Language,
/// else the browser's first language, else German.
/// </summary>
public sealed class PageWords(Strings strings, IConfiguration configuration, IHttpContextAccessor accessor,
    IOptions<BotOptions> bot, ILanguageChoices? choices = null)
{
    private string? lang;

    /// <summary>The signed-in person, or null (only on the few pages open without sign-in).</summary>
    public LabUser? User => accessor.HttpContext is { } http ? EndpointRoles.UserFrom(http.User, bot.Value.AllowedTenants) : null;

    /// <summary>The display name from the sign-in token, for the header ("Angemeldet als …").</summary>
    public string? DisplayName => accessor.HttpContext?.User.FindFirst(PagesSetup.NameClaim)?.Value;

    public string Lang => lang ?? throw new InvalidOperationException("PageWords.LoadAsync runs first (the layout and every page model call it).");

    public CultureInfo Culture => Strings.Culture(Lang);

    public async Task<string> LoadAsync(CancellationToken ct)
    {
        if (lang is not null) return lang;
        if (User is { } user && choices is not null && Languages.Known(await choices.ChosenAsync(user.TenantId, user.AadObjectId, ct)) is { } chosen)
            return lang = chosen;
        lang = configuration["Lab:Language"] switch
        {
            "de" => Strings.German,
            "en" => Strings.English,
            _ => Strings.For(accessor.HttpContext?.Request.Headers.AcceptLanguage.ToString().Split(',')[0].Trim()),
        };
        return lang;
    }

    /// <summary>The text at a dotted key below "pages", e.g. W["nav.home"] for pages.nav.home.</summary>
    public string this[string key] => strings.Get(Lang, "pages." + key);

    /// <summary>Any text of the word files by its full key (the cards' words, e.g. "trainings.status.full").</summary>
    public string Any(string key) => strings.Get(Lang, key);

    public string Format(string key, params object?[] args) => strings.Format(Lang, "pages." + key, args);
}
