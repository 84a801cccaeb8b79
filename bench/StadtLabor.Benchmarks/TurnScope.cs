using BenchmarkDotNet.Attributes;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Benchmarks;

/// <summary>
/// What every turn pays before a handler runs: the request's scope and the role gate the router and many handlers
/// take (with the configured role source behind it, which brings the connector's typed HttpClient).
/// </summary>
[MemoryDiagnoser]
public class TurnScope
{
    private BotPieces _bot = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _bot = new BotPieces();
        if (await ResolveRoleGateInNewScope() is null) throw new InvalidOperationException("No role gate in a turn's scope");
    }

    [Benchmark]
    public async Task<RoleGate> ResolveRoleGateInNewScope()
    {
        await using var scope = _bot.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<RoleGate>();
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _bot.DisposeAsync();
}
