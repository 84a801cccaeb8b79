namespace StadtLabor.Bench;

/// <summary>
/// The floor every figure is compared with: ASP.NET Core answering POST /api/messages with 200 and nothing else (no
/// body read, no logging), in its own process like the bot, so its CPU is measured the same way.
/// </summary>
public static class BareEndpoint
{
    public static async Task RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/api/messages", () => Results.Ok());
        app.MapGet("/health/ready", () => Results.Ok());
        await app.RunAsync();
    }
}
