using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Surveys.Records;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// Staff surveys that protect small groups: the innovation department creates surveys (from the "Homeoffice"
/// template or empty) and runs them in waves; staff answer in the chat, page by page, and their answer is stored
/// unlinked (<see cref="SurveySubmission"/>, <see cref="ResponseSlots"/>); results exist only after a wave closed and
/// only through <see cref="SurveyResults"/> (small groups withheld, with complementary suppression). Changes by the
/// innovation department run under <see cref="SurveyLock"/>.
/// Sub-areas: Authoring, Lifecycle, Answering, Results, Exports, Records.
/// </summary>
public sealed class SurveysModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SurveysOptions>().Bind(configuration.GetSection(SurveysOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SurveysOptions>, SurveysOptionsValidator>();
        services.AddScoped<SurveySubmission>();
        services.AddScoped<SurveyResults>();

        // G records: "meine daten", retention, demo data.
        services.AddPersonalData<SurveysPersonalData>();
        services.AddRetentionPolicy<PurgeSurveys>();
        if (configuration.GetValue<bool>(Trainings.DemoTrainings.Setting)) services.AddHostedService<DemoSurveys>();
    }

    public void MapTurns(TurnRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
    }

    public void AddJobs(JobCatalog jobs)
    {
    }
}
