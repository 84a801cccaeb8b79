namespace StadtLabor.Bench;

/// <summary>The names of what can be measured: the bare endpoint, and each turn on each database.</summary>
public static class Target
{
    public const string Bare = "bare";
    public static readonly string[] Databases = ["sqlite", "postgres"];
    public static readonly string[] Turns = ["hilfe", "schulungen", "signup"];

    public static readonly IReadOnlyList<string> All =
        [Bare, .. Databases.SelectMany(d => Turns.Select(t => $"{d}:{t}"))];

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

    public static string? TurnOf(string target) => target.Contains(':', StringComparison.Ordinal) ? target.Split(':')[1] : null;
}
