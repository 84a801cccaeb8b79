using System.Text.Json;

namespace StadtLabor.Bot.Tests.Manifest;

/// <summary>Reads the bot's command lists from a Teams app manifest as (scope, title) pairs, in manifest order.</summary>
internal static class ManifestCommands
{
    public static IReadOnlyList<(string Scope, string Title)> Read(string manifestPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var pairs = new List<(string Scope, string Title)>();
        foreach (var bot in doc.RootElement.GetProperty("bots").EnumerateArray())
        {
            if (!bot.TryGetProperty("commandLists", out var lists))
            {
                continue;
            }

            foreach (var list in lists.EnumerateArray())
            {
                var scopes = list.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToList();
                foreach (var command in list.GetProperty("commands").EnumerateArray())
                {
                    var title = command.GetProperty("title").GetString()!;
                    pairs.AddRange(scopes.Select(scope => (scope, title)));
                }
            }
        }

        return pairs;
    }
}
