using System.Globalization;

namespace StadtLabor.Bench;

/// <summary>What one bench run measures and for how long. Defaults keep the whole run under about five minutes.</summary>
public sealed record BenchOptions
{
    public double DurationSeconds { get; init; } = 5;
    public double WarmupSeconds { get; init; } = 3;
    public int Connections { get; init; } = 16;
    public int Repetitions { get; init; } = 3;

    /// <summary>The reply backlog is read this long after the load stops.</summary>
    public double BacklogAfterSeconds { get; init; } = 2;

    /// <summary>Longest wait for the rest of the replies before the next run starts (so runs do not overlap).</summary>
    public double DrainCapSeconds { get; init; } = 30;

    public IReadOnlyList<string> Targets { get; init; } = Target.All;

    /// <summary>Set by --memory or --memory-turns: instead of the targets, drive "hilfe" on SQLite for this many turns and sample the bot's memory.</summary>
    public long? MemoryTurns { get; init; }

    public const long DefaultMemoryTurns = 100_000;

    /// <summary>PostgreSQL server (no database name); the bench creates and drops its own database on it.</summary>
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable("STADTLABOR_TEST_POSTGRES");

    /// <summary>Folder for the Markdown table, the JSON figures and the server logs.</summary>
    public string? OutputFolder { get; init; }

    public const string Usage = """
        StadtLabor.Bench: drives the bot (Release, real JWT check, real database) and a bare ASP.NET Core endpoint.
          --duration S       seconds of load per run (default 5)
          --warmup S         unmeasured load before a target's first run (default 3)
          --connections N    parallel connections of the load client (default 16)
          --repetitions N    interleaved rounds; the table shows medians (default 3)
          --backlog-after S  read the reply backlog this long after the load stops (default 2)
          --drain-cap S      wait at most this long for the remaining replies before the next run (default 30)
          --targets LIST     comma-separated: bare, protocol, jssdk, sqlite:hilfe, sqlite:schulungen, sqlite:signup, postgres:hilfe,
                             postgres:schulungen, postgres:signup; "sqlite", "postgres", "hilfe", ... select groups
                             (protocol: minimal protocol round trip in C#; jssdk: Microsoft's JS SDK echo bot, needs node)
          --memory           memory run instead of the targets: "hilfe" on SQLite until 100,000 turns are acknowledged,
                             the bot's working set sampled every second (uses --connections, default 16)
          --memory-turns N   the same with N turns
          --postgres CONN    PostgreSQL server connection string (default: $STADTLABOR_TEST_POSTGRES)
          --out DIR          where results go (default: .artifacts/bench under the repository)
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Seconds() => double.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--duration" => options with { DurationSeconds = Seconds() },
                "--warmup" => options with { WarmupSeconds = Seconds() },
                "--connections" => options with { Connections = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--repetitions" => options with { Repetitions = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--backlog-after" => options with { BacklogAfterSeconds = Seconds() },
                "--drain-cap" => options with { DrainCapSeconds = Seconds() },
                "--targets" => options with { Targets = Target.Select(Next()) },
                "--memory" => options with { MemoryTurns = options.MemoryTurns ?? DefaultMemoryTurns },
                "--memory-turns" => options with { MemoryTurns = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--postgres" => options with { Postgres = Next() },
                "--out" => options with { OutputFolder = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        if (options.DurationSeconds <= 0 || options.Connections < 1 || options.Repetitions < 1 || options.MemoryTurns < 1)
            throw new ArgumentException("duration, connections, repetitions and memory turns must be positive");
        return options;
    }
}
