using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Hosting;

/// <summary>
/// /health/live: the process answers. /health/ready: the database is reachable and fully migrated, so a load
/// balancer sends no traffic to an instance that would fail every turn. Everyone gets the status; the details
/// (provider, migrations, scheduler) only a request from this machine or one with the key in Health:DetailsKey, because
/// they tell an attacker what runs here and when it is weak.
/// </summary>
public static class Health
{
    public static IServiceCollection AddLabHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapLabHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteAsync,
        });
        return app;
    }

    public const string DetailsKeyHeader = "X-Health-Key";

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var configuredKey = http.RequestServices.GetRequiredService<IConfiguration>()["Health:DetailsKey"];
        var details = SecurityChecks.IsLocalRequest(http.Connection.RemoteIpAddress, http.Request.Headers.Keys)
            || KeyMatches(configuredKey, http.Request.Headers[DetailsKeyHeader].ToString());
        object body = details
            ? new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
            }
            : new { status = report.Status.ToString() };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    /// <summary>Constant time, also in the length: both sides are hashed first, so a guess learns nothing from timing.</summary>
    internal static bool KeyMatches(string? configured, string? presented)
    {
        if (string.IsNullOrEmpty(configured) || string.IsNullOrEmpty(presented)) return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }
}

internal sealed class DatabaseReadyCheck(LabDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken)) return HealthCheckResult.Unhealthy("database not reachable");
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("reachable, migrations applied")
                : HealthCheckResult.Unhealthy($"{pending.Count} migrations not applied");
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("database not reachable");
        }
    }
}
