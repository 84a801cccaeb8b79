using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>
/// What a person sets for themselves: the language they read (see <see cref="Languages"/>) and their personal digest
/// (how often, which reminders wait for it, the role digest). Other features ask <see cref="DigestSettings"/>.
/// </summary>
public sealed class SettingsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<LanguageChoices>();
        services.AddScoped<ILanguageChoices>(sp => sp.GetRequiredService<LanguageChoices>());
        services.AddSingleton<LanguageCard>();
        services.AddScoped<DigestSettings>();
        services.AddOptions<QuietHoursOptions>().Bind(configuration.GetSection(QuietHours.Section));
        services.AddScoped<ITurnObserver, SuggestLanguage>();
        services.AddPersonalData<SettingsPersonalData>();
    }

    public void MapTurns(TurnRoutes routes) =>
        routes.Verb<ChooseLanguage>(ChooseLanguage.Verb)
            .Command<ChooseLanguage>("sprache", "language", "sprachen", "languages")
            .Verb<ChooseDigest>(ChooseDigest.Verb)
            .Command<ChooseDigest>("einstellungen", "settings", "zusammenfassung", "digest");
}
