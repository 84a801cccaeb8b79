using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Turns.Roles;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>Tool trainings: catalogue, sign-up, waitlist with offers, "meine termine".</summary>
public sealed class TrainingsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrainingsOptions>().Bind(configuration.GetSection(TrainingsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrainingsOptions>, TrainingsOptionsValidator>();
        services.AddScoped<SeatChange>();
        services.AddScoped<Waitlist>();
        services.AddScoped<SessionView>();
        services.AddScoped<ShowTrainings>();
        services.AddSingleton<ICalendarLinks, NoCalendarLinks>();
        services.AddRetentionPolicy<PurgeTrainingRegistrations>();
        services.AddRetentionPolicy<PurgeTrainingFeedbackComments>();
        services.AddRetentionPolicy<PurgeNotifiedTrainingInterests>();
    }

    public void MapTurns(TurnRoutes routes)
    {
        routes.Command<ShowTrainings>("schulungen", "schulung", "trainings", "training")
            .Verb<ShowTrainings>("trainings.list")
            .Verb<ShowSession>("trainings.detail")
            .Verb<SignUp>("trainings.signUp")
            .Verb<CancelSignUp>("trainings.cancel")
            .Verb<AnswerOffer>("trainings.accept")
            .Verb<AnswerOffer>("trainings.decline")
            .Verb<RegisterInterest>("trainings.interest")
            .Command<ShowMyTrainings>("meine termine", "termine", "my items", "my bookings")
            .Verb<ShowMyTrainings>("myitems.show")
            .Verb<GiveFeedback>("trainings.feedback")
            .Verb<ShowFeedbackResults>("trainings.feedbackResults", Role.LabTeam);
    }

    public void AddJobs(JobCatalog jobs) =>
        jobs.Add<ExpireOffers>(ExpireOffers.Name, ExpireOffers.DefaultCron, JobPeriodKind.Minute)
            .Add<SendReminders>(SendReminders.Name, SendReminders.DefaultCron, JobPeriodKind.Minute)
            .Add<RequestFeedback>(RequestFeedback.Name, RequestFeedback.DefaultCron, JobPeriodKind.Minute);
}

/// <summary>Until the calendar download is configured: no link on the cards.</summary>
internal sealed class NoCalendarLinks : ICalendarLinks
{
    public string? UrlFor(Registration registration, TrainingSession session) => null;
}
