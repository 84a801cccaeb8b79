namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// The crash and two-instance outbox runs start bot processes or several apps and send hundreds of messages: they run
/// alone, not beside other test classes, so neither they nor the fan-out figures compete for the CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OutboxRunsAlone
{
    public const string Name = "Outbox processes";
}
