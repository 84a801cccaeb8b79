using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Intake;

/// <summary>The intake's part of the ideas module: handing in an idea in the chat (staff).</summary>
public static class IntakeRoutes
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<IdeaForm>();
        services.AddScoped<SubmittedView>();
        services.AddScoped<IdeaReceipts>();
        services.AddScoped<HandIn>();
    }

    public static void Map(TurnRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.Command<StartIdea>("idee", "idea", "idee einreichen", "new idea")
            .Verb<StartIdea>("ideas.start")
            .Verb<CheckIdea>("ideas.check")
            .Verb<SubmitIdea>("ideas.submit");
    }
}
