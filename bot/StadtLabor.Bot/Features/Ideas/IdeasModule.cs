using Microsoft.Extensions.Options;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Ideas.Browse;
using StadtLabor.Bot.Features.Ideas.Intake;
using StadtLabor.Bot.Features.Ideas.Jobs;
using StadtLabor.Bot.Features.Ideas.MessageAction;
using StadtLabor.Bot.Features.Ideas.Records;
using StadtLabor.Bot.Features.Ideas.Report;
using StadtLabor.Bot.Features.Ideas.Triage;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>
/// Ideas for the Digitale Lotsen: staff hand in ideas in the chat or from any Teams message (the message extension),
/// see similar ones first, follow and support them; the Lotsen triage them with assignment, statuses, tags and
/// comments, under a first-response deadline that escalates; the innovation department sees the figures. Every change
/// runs under the <see cref="IdeaLock"/>; an idea comes in only through <see cref="IdeaIntake"/>; the Lotsen channel's
/// card is <see cref="IdeaChannel"/>'s. Sub-areas: Intake, Browse, Triage, Report, Records.
/// </summary>
public sealed class IdeasModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdeasOptions>().Bind(configuration.GetSection(IdeasOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdeasOptions>, IdeasOptionsValidator>();
        services.AddScoped<IdeaIntake>();
        services.AddScoped<IdeaChannel>();
        services.AddScoped<SimilarIdeas>();
        services.AddSingleton<Similarity.IdeaIndexFeed>();
        services.AddHostedService<Similarity.WarmIdeaIndex>();
        services.AddScoped<IdeaSupporting>();
        IntakeRoutes.AddServices(services);
        services.AddScoped<IdeaView>();
        services.AddScoped<MyIdeas>();
        services.AddScoped<IMyItemsSection, MyIdeasSection>();
        services.AddScoped<IdeaNotices>();
        services.AddScoped<LotsenDirectory>();
        services.AddScoped<TriageView>();
        services.AddScoped<TriageReply>();
        // The triage changes, also used by the ideas board page (Pages/Ideas): one rule for card and page.
        services.AddScoped<AssignIdea>();
        services.AddScoped<ChangeStatus>();
        services.AddScoped<CommentIdea>();
        services.AddPersonalData<IdeasPersonalData>();
        services.AddRetentionPolicy<PurgeIdeas>();
        if (configuration.GetValue<bool>(DemoTrainings.Setting)) services.AddHostedService<DemoIdeas>();

        // Report: the innovation department's figures, the export and the escalation of missing first answers.
        services.AddDownloadLinks(configuration);
        services.AddSingleton<ExportLinks>();
        services.AddScoped<EscalationCard>();
        services.AddScoped<IdeaDialogs>();
    }

    public void MapTurns(TurnRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        IntakeRoutes.Map(routes);
        // Staff: browse, follow and support ideas (the person always from the signed activity).
        routes.Command<ShowIdeas>("ideen", "ideas", "alle ideen", "all ideas")
            .Verb<ShowIdeas>("ideas.browse")
            .Verb<ShowIdea>("ideas.show")
            .Verb<SupportIdea>("ideas.support")
            .Verb<WithdrawSupport>("ideas.unsupport")
            .Command<ShowMyIdeas>("meine ideen", "my ideas")
            .Verb<ShowMyIdeas>("ideas.mine");
        // The Lotsen (Innovation passes too): triage; the router answers their cards in the 1:1 chat.
        routes.Command<ShowLotsenList>(Role.Lotse, "lotsen", "triage", "ideen prüfen")
            .Verb<ShowLotsenList>("ideasTriage.queue", Role.Lotse)
            .Verb<ShowTriage>("ideasTriage.show", Role.Lotse)
            .Verb<AssignIdea>("ideasTriage.assign", Role.Lotse)
            .Verb<ChangeStatus>("ideasTriage.status", Role.Lotse)
            .Verb<CommentIdea>("ideasTriage.comment", Role.Lotse)
            .Verb<ShowMergeForm>("ideasTriage.mergeForm", Role.Lotse)
            .Verb<MergeIdea>("ideasTriage.merge", Role.Lotse)
            .Verb<ShowTagsForm>("ideasTriage.tagsForm", Role.Lotse)
            .Verb<SetTags>("ideasTriage.tags", Role.Lotse);
        // Report (role Innovation; the router sends the answer to the person's 1:1 chat).
        routes.Command<ShowFigures>(Role.Innovation, "ideen auswertung", "ideen zahlen", "idea figures", "ideas figures")
            .Verb<ShowFigures>(ShowFigures.Verb, Role.Innovation);
        // "Als Idee einreichen" in the "…" menu of any Teams message (manifest composeExtensions).
        routes.MessageAction<SubmitIdeaAction>("submitIdea");
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        DownloadIdeas.Map(app);
    }

    // Working days only: the cron leaves out weekends, the calendar NRW holidays (and the job checks the day again).
    public void AddJobs(JobCatalog jobs) =>
        jobs.Add<EscalateIdeas>(EscalateIdeas.Name, EscalateIdeas.DefaultCron, JobPeriodKind.Day, skipHolidays: true);
}
