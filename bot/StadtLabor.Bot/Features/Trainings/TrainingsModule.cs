using Microsoft.Extensions.Options;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;

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
        if (configuration.GetValue<bool>(DemoTrainings.Setting)) services.AddHostedService<DemoTrainings>();
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
            .Verb<ShowMyTrainings>("myitems.show");
    }
}

/// <summary>Until the calendar download is configured: no link on the cards.</summary>
internal sealed class NoCalendarLinks : ICalendarLinks
{
    public string? UrlFor(Registration registration, TrainingSession session) => null;
}
