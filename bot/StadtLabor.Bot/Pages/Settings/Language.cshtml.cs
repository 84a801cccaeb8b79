using Microsoft.AspNetCore.Mvc;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Pages.Settings;

/// <summary>
/// "Sprache / Language" (/sprache), linked from every page's footer: the same choice as the chat's "sprache" card,
/// stored in the same place (<see cref="LanguageChoices"/>), so the pages, the bot's answers and its later messages
/// all follow it. The POST goes back to the page the person came from (only a path of this site).
/// </summary>
[LabRole(Role.Staff)]
public sealed class LanguageModel(LanguageChoices choices, Strings strings) : LabPageModel
{
    public const string Route = "/sprache";

    /// <summary>Where to go back to after choosing.</summary>
    public string Back { get; private set; } = "/";

    public string Current { get; private set; } = "";

    public void OnGet(string? ziel)
    {
        Back = SignInEndpoints.SafeTarget(ziel);
        Current = W.Format("settings.current", W.Any("settings.language.names." + W.Lang));
    }

    public async Task<IActionResult> OnPostAsync(string? language, string? ziel)
    {
        Back = SignInEndpoints.SafeTarget(ziel);
        // The same spellings as the chat ("de", "deutsch", "english", ...); anything else changes nothing.
        if (ChooseLanguage.Parse(TextCommands.Normalize(language ?? "")) is not { } lang)
        {
            Problem("language-de", W["settings.unknown"]);
            Current = W.Format("settings.current", W.Any("settings.language.names." + W.Lang));
            return Page();
        }
        await choices.SaveAsync(Person.TenantId, Person.AadObjectId, lang, HttpContext.RequestAborted);
        // Said in the language just chosen: the next page speaks it too.
        return Done(strings.Format(lang, "pages.settings.changed", strings.Get(lang, "settings.language.names." + lang)), Back);
    }
}
