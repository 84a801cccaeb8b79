using Microsoft.Extensions.Options;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Surveys.Results;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
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

        // D results: the results cards, charts behind signed links, the published summary.
        services.AddDownloadLinks(configuration);
        services.AddSingleton<ChartLinks>();
        services.AddScoped<ResultsCard>();
    }

    public void MapTurns(TurnRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);

        // D results (ResearchPartner gate, Innovation passes; the router answers in the 1:1 chat); publishing: Innovation.
        routes.Command<ShowResultsList>(Role.ResearchPartner, "umfrage ergebnisse", "umfragen ergebnisse", "survey results", "surveys results")
            .Verb<ShowResultsList>(ShowResultsList.Verb, Role.ResearchPartner)
            .Verb<ShowResults>(ShowResults.Verb, Role.ResearchPartner)
            .Verb<PublishSummary>(PublishSummary.Verb, Role.Innovation)
            .Verb<ShowSummary>(ShowSummary.Verb);
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // D results
        DownloadChart.Map(app);
    }

    public void AddJobs(JobCatalog jobs)
    {
    }
}
