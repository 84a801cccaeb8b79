namespace StadtLabor.Bench;

/// <summary>
/// The names of what can be measured: the bare endpoint, the two comparison targets (a minimal protocol round trip in
/// C# and Microsoft's JS SDK echo bot, both answering the "hilfe" message), and each turn on each database.
/// </summary>
public static class Target
{
    public const string Bare = "bare";
    public const string Protocol = "protocol";
    public const string JsSdk = "jssdk";
    public static readonly string[] Databases = ["sqlite", "postgres"];
    public static readonly string[] Turns = ["hilfe", "schulungen", "signup"];

    /// <summary>The message the comparison targets answer: the bot's cheapest turn, so the ratio to them is fair.</summary>
    public const string ComparisonTurn = "hilfe";

    public static readonly IReadOnlyList<string> All =
        [Bare, Protocol, JsSdk, .. Databases.SelectMany(d => Turns.Select(t => $"{d}:{t}"))];

    /// <summary>"bare,sqlite" → bare and the three SQLite turns; "hilfe" → hilfe on both databases.</summary>
    public static IReadOnlyList<string> Select(string list)
    {
        var chosen = new List<string>();
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var matches = All.Where(t => t == item || t.StartsWith(item + ":", StringComparison.Ordinal)
                || t.EndsWith(":" + item, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0) throw new ArgumentException($"unknown target {item}; known: {string.Join(", ", All)}");
            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }
        // Always in the canonical order, so the interleaving is the same whatever order the list was typed in.
        return All.Where(chosen.Contains).ToList();
    }

    public static string? DatabaseOf(string target) => target.Contains(':', StringComparison.Ordinal) ? target.Split(':')[0] : null;

    /// <summary>The turn a target sends: null for the bare endpoint (empty body), "hilfe" for the comparison targets.</summary>
    public static string? TurnOf(string target) => target switch
    {
        Protocol or JsSdk => ComparisonTurn,
        _ when target.Contains(':', StringComparison.Ordinal) => target.Split(':')[1],
        _ => null,
    };

    /// <summary>The server process a target runs against: one bot per database, one process for each other target.</summary>
    public static string ServerOf(string target) => DatabaseOf(target) ?? target;
}
