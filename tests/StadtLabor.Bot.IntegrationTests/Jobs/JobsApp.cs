using Microsoft.Extensions.DependencyInjection;
using Quartz;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Jobs;

/// <summary>The real app with test jobs added, on a database the test owns, so several instances can share it.</summary>
internal static class JobsApp
{
    public static async Task<WebApplication> StartAsync(TestDatabase database, TestJobs jobs, params (string Key, string Value)[] settings)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = BotFixture.AppId,
            ["Bot:TenantId"] = BotFixture.TenantId,
            ["Bot:AllowedTenants:0"] = BotFixture.TenantId,
            ["Bot:Credential:Type"] = "ClientSecret",
            ["Bot:Credential:ClientSecret"] = "not-used-no-message-is-sent",
            ["Bot:PublicBaseUrl"] = "https://stadtlabor-bot.test.example",
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Lab"] = database.ConnectionString,
        };
        foreach (var (key, value) in settings) configuration[key] = value;

        var app = LabApp.Build(["--environment=Production", "--urls=http://127.0.0.1:0"], [.. Program.Features, jobs], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.ClearProviders().AddProvider(jobs.Logs).SetMinimumLevel(LogLevel.Information);
        });
        await app.Services.MigrateLabDatabaseAsync();
        await app.StartAsync();
        return app;
    }

    public static async Task StopAsync(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public static ValueTask<IScheduler> SchedulerAsync(this WebApplication app) =>
        app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    public static Task<IReadOnlyList<string>> CompletedAsync(this WebApplication app, string job) =>
        app.Services.GetRequiredService<JobPeriodStore>().CompletedAsync(job, CancellationToken.None);
}

/// <summary>A feature module that only registers jobs, like a real feature would.</summary>
internal sealed class TestJobs(Action<JobCatalog> register) : IFeatureModule
{
    public JobRecorder Recorder { get; } = new();

    public LogSink Logs { get; } = new();

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddSingleton(Recorder);

    public void MapTurns(TurnRoutes routes)
    {
    }

    public void AddJobs(JobCatalog jobs) => register(jobs);
}
