using Microsoft.Extensions.Options;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Surveys.Exports;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Features.Surveys.Authoring;
using StadtLabor.Bot.Features.Surveys.Answering;
using StadtLabor.Bot.Features.Trainings;
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

        // E exports: signed links to the aggregated results and the research partner's raw answers.
        services.AddDownloadLinks(configuration);
        services.AddSingleton<SurveyExportLinks>();
        services.AddScoped<ExportCard>();
        services.AddScoped<ResultsFile>();
        services.AddScoped<RawFile>();
        // A: authoring (innovation department)
        services.AddScoped<SurveyEditorCard>();
        // Answering (staff): pages, drafts, "umfragen", the line in "meine termine".
        services.AddScoped<AnswerSheets>();
        services.AddScoped<MySurveys>();
        services.AddScoped<IMyItemsSection, MySurveysSection>();
    }

    public void MapTurns(TurnRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);

        // E exports (role ResearchPartner; the innovation department passes, the raw export checks the held role itself).
        routes.Verb<ExportResults>(ExportResults.Verb, Role.ResearchPartner)
            .Verb<ExportRaw>(ExportRaw.Verb, Role.ResearchPartner);
        // A: authoring (innovation department)
        routes.Command<ManageSurveys>(Role.Innovation, "umfragen verwalten", "manage surveys")
            .Verb<ManageSurveys>("surveysAdmin.list", Role.Innovation)
            .Command<NewSurvey>(Role.Innovation, "umfrage neu", "neue umfrage", "new survey")
            .Verb<NewSurvey>("surveysAdmin.new", Role.Innovation)
            .Verb<EditSurvey>("surveysAdmin.edit", Role.Innovation)
            .Verb<SaveInfo>("surveysAdmin.saveInfo", Role.Innovation)
            .Verb<ShowQuestionForm>("surveysAdmin.questionForm", Role.Innovation)
            .Verb<SaveQuestion>("surveysAdmin.saveQuestion", Role.Innovation)
            .Verb<RemoveQuestion>("surveysAdmin.removeQuestion", Role.Innovation)
            .Verb<MoveQuestion>("surveysAdmin.moveQuestion", Role.Innovation);
        // Answering (staff; answers only in the 1:1 chat, the person always from the signed activity).
        routes.Command<ShowMySurveys>("umfrage", "umfragen", "survey", "surveys")
            .Verb<ShowMySurveys>("surveys.list")
            .Verb<OpenSurvey>("surveys.answer")
            .Verb<TurnPage>("surveys.page")
            .Verb<SubmitAnswers>("surveys.submit");
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // E exports.
        DownloadSurveyExport.Map(app);
    }

    public void AddJobs(JobCatalog jobs)
    {
    }
}
