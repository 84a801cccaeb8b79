using Microsoft.Extensions.Options;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Tests.Hosting;

/// <summary>Starts the whole app with valid production settings plus changes, and returns why it refused to start ("" if it started).</summary>
internal static class LabAppStart
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Bot:AppId"] = "6f1f8d3e-2b7a-4c55-9f0e-5a1d2c3b4a59",
        ["Bot:TenantId"] = "9a8b7c6d-1111-4222-8333-444455556666",
        ["Bot:AllowedTenants:0"] = "9a8b7c6d-1111-4222-8333-444455556666",
        ["Bot:Credential:Type"] = "ClientSecret",
        ["Bot:Credential:ClientSecret"] = "from-the-vault",
        ["Bot:PublicBaseUrl"] = "https://stadtlabor-bot.soest.de",
    };

    public static Task<string> FailureAsync(params (string Key, string? Value)[] changes) => FailureAsync("Production", changes);

    public static async Task<string> FailureAsync(string environment, params (string Key, string? Value)[] changes)
    {
        var file = Path.Combine(Path.GetTempPath(), $"stadtlabor-start-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>(Valid) { ["ConnectionStrings:Lab"] = "Data Source=" + file };
        foreach (var (key, value) in changes) settings[key] = value;
        try
        {
            await using var app = LabApp.Build([$"--environment={environment}", "--urls=http://127.0.0.1:0"], Program.Features,
                b => b.Configuration.AddInMemoryCollection(settings));
            await app.StartAsync();
            await app.StopAsync();
            return "";
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            return ex.Message;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        }
    }
}
