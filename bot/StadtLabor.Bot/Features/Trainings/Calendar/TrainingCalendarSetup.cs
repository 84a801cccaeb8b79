using StadtLabor.Bot.Graph;

namespace StadtLabor.Bot.Features.Trainings.Calendar;

/// <summary>Outlook invitations for trainings (Graph:Calendar:Enabled); with it off the use cases enqueue nothing.</summary>
public static class TrainingCalendarSetup
{
    public static IServiceCollection AddTrainingCalendar(this IServiceCollection services)
    {
        services.AddScoped<TrainingCalendar>();
        services.AddScoped<InvitationWords>();
        services.AddSingleton<AttendeeAddresses>();
        // Registered even while the switch is off: calls queued before it was turned off still find their handler.
        services.AddGraphCallHandler<CalendarSync>();
        return services;
    }
}
