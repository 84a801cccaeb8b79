using System.Text;

namespace StadtLabor.Bench;

/// <summary>
/// The activities Teams would send for each measured turn, as bytes ready to post. Messages come from a rotating set
/// of colleagues in their own 1:1 chats; every sign-up click comes from someone new, so each one books a seat (a
/// database write) instead of finding the booking of an earlier click.
/// </summary>
public sealed class Turns(string serviceUrl, IReadOnlyList<long> sessions)
{
    public const string AppId = "6f1f8d3e-2b7a-4c55-9f0e-5a1d2c3b4a59";
    public const string TenantId = "9a8b7c6d-1111-4222-8333-444455556666";
    private const int Colleagues = 100;

    private long _next;

    /// <summary>Sign-up clicks are numbered per bot across all runs: a colleague never clicks twice.</summary>
    private long _signUps;

    public byte[] Body(string turn)
    {
        var n = Interlocked.Increment(ref _next);
        var id = $"bench-{n}";
        return turn switch
        {
            "hilfe" => Message(id, n % Colleagues, "hilfe"),
            "schulungen" => Message(id, n % Colleagues, "schulungen"),
            "signup" => SignUp(id, Interlocked.Increment(ref _signUps)),
            _ => throw new ArgumentException($"unknown turn {turn}"),
        };
    }

    private byte[] Message(string id, long colleague, string text) =>
        Encoding.UTF8.GetBytes(Activity("message", id, colleague, $$""","text":"{{text}}","textFormat":"plain" """));

    private byte[] SignUp(string id, long colleague) =>
        Encoding.UTF8.GetBytes(Activity("invoke", id, 1000 + colleague,
            $$$""","name":"adaptiveCard/action","value":{"action":{"type":"Action.Execute","verb":"trainings.signUp","data":{"sessionId":{{{sessions[(int)(colleague % sessions.Count)]}}}}},"trigger":"manual"} """));

    private string Activity(string type, string id, long colleague, string rest) =>
        $$$"""
        {"type":"{{{type}}}","id":"{{{id}}}","timestamp":"{{{DateTimeOffset.UtcNow:O}}}","serviceUrl":"{{{serviceUrl}}}","channelId":"msteams",
        "from":{"id":"29:bench-{{{colleague}}}","name":"Kollegin {{{colleague}}}","aadObjectId":"c0ffee00-0000-4000-8000-{{{colleague:D12}}}"},
        "conversation":{"id":"a:bench-{{{colleague}}}","conversationType":"personal","tenantId":"{{{TenantId}}}","isGroup":false},
        "recipient":{"id":"28:{{{AppId}}}","name":"stadtLABOR"},"locale":"de-DE","channelData":{"tenant":{"id":"{{{TenantId}}}"}}{{{rest}}}
        }
        """;
}
