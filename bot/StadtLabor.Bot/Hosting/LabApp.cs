using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Pages;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Roles;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Hosting;

/// <summary>
/// The composition root, shared by Program.cs and the integration tests (which add their own configuration
/// and start the same app on Kestrel).
/// </summary>
public static class LabApp
{
    public static WebApplication Build(string[] args, IReadOnlyList<IFeatureModule> features, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        ConfigurationChecks.ThrowIfDatabaseInvalid(builder.Configuration);

        var services = builder.Services;
        services.AddSingleton<IValidateOptions<BotOptions>, BotOptionsValidator>();
        services.AddOptions<BotOptions>().ValidateOnStart();
        services.AddConnector(builder.Configuration);
        services.AddLabData(builder.Configuration);
        services.AddOutbox(builder.Configuration);
        services.AddLabRoles(builder.Configuration);
        services.AddLabGraph(builder.Configuration);
        services.AddSingleton<Strings>();
        // Checked now: the addresses become mailto links on cards, so a wrong value stops the start naming its key.
        services.AddSingleton(CardContacts.FromConfiguration(builder.Configuration));
        services.AddSingleton<CardRenderer>();
        services.AddOptions<ReplyOptions>().Bind(builder.Configuration.GetSection(ReplyOptions.Section))
            .Validate(o => o.Capacity >= 1 && o.Senders >= 1, "Replies:Capacity and Replies:Senders must be at least 1.").ValidateOnStart();
        services.AddSingleton<ReplySender>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplySender>());
        services.AddScoped<Languages>();
        services.AddScoped<IActivityHandler, ActivityRouter>();
        services.AddLabHealth();
        services.AddHttpContextAccessor();
        services.AddLabPages(builder.Configuration, builder.Environment);

        // Routes are built here, not lazily, so a verb or command registered twice stops the start.
        var routes = new TurnRoutes();
        var jobs = new JobCatalog();
        foreach (var feature in features)
        {
            feature.AddServices(services, builder.Configuration);
            feature.MapTurns(routes);
            feature.AddJobs(jobs);
        }
        services.AddSingleton(routes);
        services.AddLabJobs(builder.Configuration, jobs);

        var app = builder.Build();
        app.UseLabPages();
        app.UseLabRoles();
        app.MapBotMessages();
        app.MapLabHealth();
        EndpointRoles.MapFeatureEndpoints(app, features);
        app.MapLabPages();
        return app;
    }

    /// <summary>Migrates the database, then serves until stopped.</summary>
    public static async Task MigrateAndRunAsync(this WebApplication app)
    {
        await app.Services.MigrateLabDatabaseAsync();
        await app.RunAsync();
    }
}
