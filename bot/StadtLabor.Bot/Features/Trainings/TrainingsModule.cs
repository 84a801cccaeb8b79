using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Roles;
using StadtLabor.Jobs;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.Features.Trainings.Calendar;
using StadtLabor.Bot.Features.Trainings.Feedback;
using StadtLabor.Bot.Features.Trainings.Jobs;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>Tool trainings: catalogue, sign-up, waitlist with offers, "meine termine".</summary>
public sealed class TrainingsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrainingsOptions>().Bind(configuration.GetSection(TrainingsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrainingsOptions>, TrainingsOptionsValidator>();
        services.AddScoped<Waitlist>();
        services.AddScoped<SeatReceipts>();
        services.AddScoped<SessionView>();
        services.AddScoped<TrainingList>();
        services.AddScoped<SessionOverview>();
        services.AddScoped<SessionFormCard>();
        services.AddScoped<SessionNotices>();
        services.AddScoped<ParticipantsCard>();
        services.AddDownloadLinks(configuration);
        services.AddSingleton<CalendarLinks>();
        services.AddTrainingCalendar();
        if (configuration.GetValue<bool>(DemoTrainings.Setting)) services.AddHostedService<DemoTrainings>();
        services.AddRetentionPolicy<PurgeTrainingRegistrations>();
        services.AddRetentionPolicy<PurgeTrainingFeedbackComments>();
        services.AddRetentionPolicy<PurgeNotifiedTrainingInterests>();
        services.AddPersonalData<TrainingsPersonalData>();
    }

    public void MapTurns(TurnRoutes routes)
    {
        routes.Command<ShowTrainings>("schulungen", "schulung", "trainings", "training")
            .Verb<ShowTrainings>("trainings.list")
            .InterpretUnknownText<AnswerToolQuestion>()
            .Verb<ShowSession>("trainings.detail")
            .Verb<SignUp>("trainings.signUp")
            .Verb<CancelSignUp>("trainings.cancel")
            .Verb<AnswerOffer>("trainings.accept")
            .Verb<AnswerOffer>("trainings.decline")
            .Verb<RegisterInterest>("trainings.interest")
            .Command<ShowMyTrainings>("meine termine", "termine", "my items", "my bookings")
            .Verb<ShowMyTrainings>("myitems.show")
            .Command<ManageTrainings>(Role.LabTeam, "schulungen verwalten", "trainings verwalten", "manage trainings")
            .Verb<ManageTrainings>("trainings.manage", Role.LabTeam)
            .Verb<ShowSessionForm>("trainings.new", Role.LabTeam)
            .Verb<ShowSessionForm>("trainings.edit", Role.LabTeam)
            .Verb<CreateSession>("trainings.create", Role.LabTeam)
            .Verb<UpdateSession>("trainings.update", Role.LabTeam)
            .Verb<CancelSession>("trainings.cancelSession", Role.LabTeam)
            .Verb<CancelSession>("trainings.cancelSessionConfirmed", Role.LabTeam)
            .Verb<ShowParticipants>("trainings.participants", Role.LabTeam)
            .Verb<SaveAttendance>("trainings.saveAttendance", Role.LabTeam)
            .Verb<GiveFeedback>("trainings.feedback")
            .Verb<ShowFeedbackResults>("trainings.feedbackResults", Role.LabTeam);
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        DownloadCalendar.Map(app);
        ExportParticipants.Map(app);
    }

    public void AddJobs(JobCatalog jobs) =>
        jobs.Add<ExpireOffers>(ExpireOffers.Name, ExpireOffers.DefaultCron, JobPeriodKind.Minute)
            .Add<SendReminders>(SendReminders.Name, SendReminders.DefaultCron, JobPeriodKind.Minute)
            .Add<RequestFeedback>(RequestFeedback.Name, RequestFeedback.DefaultCron, JobPeriodKind.Minute);
}
