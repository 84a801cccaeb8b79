using Microsoft.Extensions.Options;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Surveys.Exports;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Features.Surveys.Authoring;
using StadtLabor.Bot.Features.Surveys.Answering;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Surveys.Lifecycle;
using StadtLabor.Bot.Features.Surveys.Lifecycle.Jobs;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Surveys.Records;
using StadtLabor.Bot.Features.Surveys.Results;
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
        // B Lifecycle: plan, start, manage, close, extend, delete, new wave; the wave jobs.
        services.AddScoped<WaveAudience>();
        services.AddScoped<InvitationCards>();
        services.AddScoped<WaveInvitations>();
        services.AddScoped<WaveStart>();
        services.AddScoped<WaveClosing>();
        services.AddScoped<LifecycleView>();
        services.AddScoped<LifecycleReply>();
        // G records: "meine daten", retention, demo data.
        services.AddPersonalData<SurveysPersonalData>();
        services.AddRetentionPolicy<PurgeSurveys>();
        if (configuration.GetValue<bool>(Trainings.DemoTrainings.Setting)) services.AddHostedService<DemoSurveys>();
        // D results: the results cards, charts behind signed links, the published summary.
        services.AddDownloadLinks(configuration);
        services.AddSingleton<ChartLinks>();
        services.AddScoped<ResultsCard>();
        services.AddScoped<QuestionChart>();
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
        // B Lifecycle (role Innovation; the router answers in the person's 1:1 chat).
        routes.Verb<ShowPlan>("surveysLifecycle.plan", Role.Innovation)
            .Verb<ShowPlan>(ShowPlan.NewWaveVerb, Role.Innovation)
            .Verb<StartWave>("surveysLifecycle.start", Role.Innovation)
            .Verb<ShowManage>("surveysLifecycle.manage", Role.Innovation)
            .Verb<CloseSurvey>("surveysLifecycle.close", Role.Innovation)
            .Verb<ExtendWave>("surveysLifecycle.extend", Role.Innovation)
            .Verb<DeleteSurvey>("surveysLifecycle.delete", Role.Innovation);
        // D results (ResearchPartner gate, Innovation passes; the router answers in the 1:1 chat); publishing: Innovation.
        routes.Command<ShowResultsList>(Role.ResearchPartner, "umfrage ergebnisse", "umfragen ergebnisse", "survey results", "surveys results")
            .Verb<ShowResultsList>(ShowResultsList.Verb, Role.ResearchPartner)
            .Verb<ShowResults>(ShowResults.Verb, Role.ResearchPartner)
            .Verb<PublishSummary>(PublishSummary.Verb, Role.Innovation)
            .Verb<ShowSummary>(ShowSummary.Verb);
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // E exports.
        DownloadSurveyExport.Map(app);
        // D results
        DownloadChart.Map(app);
    }

    public void AddJobs(JobCatalog jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        // B Lifecycle: close due waves at night, start planned ones in the morning, invite late joiners, remind on
        // working days (the calendar skips NRW holidays; the job checks the day again).
        jobs.Add<CloseDueWaves>(CloseDueWaves.Name, CloseDueWaves.DefaultCron, JobPeriodKind.Day)
            .Add<StartPlannedWaves>(StartPlannedWaves.Name, StartPlannedWaves.DefaultCron, JobPeriodKind.Day)
            .Add<InviteLateJoiners>(InviteLateJoiners.Name, InviteLateJoiners.DefaultCron, JobPeriodKind.Day)
            .Add<RemindPending>(RemindPending.Name, RemindPending.DefaultCron, JobPeriodKind.Day, skipHolidays: true);
    }
}
