using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>What a person sets for themselves: today the language they read (see <see cref="Languages"/>).</summary>
public sealed class SettingsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<LanguageChoices>();
        services.AddScoped<ILanguageChoices>(sp => sp.GetRequiredService<LanguageChoices>());
        services.AddSingleton<LanguageCard>();
        services.AddScoped<ITurnObserver, SuggestLanguage>();
        services.AddPersonalData<SettingsPersonalData>();
    }

    public void MapTurns(TurnRoutes routes) =>
        routes.Verb<ChooseLanguage>(ChooseLanguage.Verb)
            .Command<ChooseLanguage>("sprache", "language", "sprachen", "languages");
}
