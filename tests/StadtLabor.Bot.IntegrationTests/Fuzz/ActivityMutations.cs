using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Fuzz;

/// <summary>One change to an activity; the numbers pick the field and the value, so a case is reproducible from its seed.</summary>
public sealed record Mutation(MutationKind Kind, int Pick, int Value);

public enum MutationKind
{
    ReplaceAnyField, RemoveAnyField, AddExtraField, ChangeType, ChangeInvokeName, WrongVerb, WrongData, ActionNotAnObject,
    TenantOfAnotherType, TenantsDisagree, OddText, HugeText, DeepValue, ActAsLabTeam, OtherChannel,
}

/// <summary>A fuzz case: which recorded shape, which mutations, and a raw-text twist applied after serialising.</summary>
public sealed record FuzzCase(int Shape, Mutation[] Mutations, int RawTwist)
{
    public override string ToString() => $"shape {Shape}, raw twist {RawTwist}, [{string.Join(", ", Mutations.Select(m => $"{m.Kind}({m.Pick},{m.Value})"))}]";
}

/// <summary>CsCheck generators for the cases, and the code that turns a case into the body we post.</summary>
internal static class ActivityMutations
{
    public static readonly Gen<Mutation> OneMutation = Gen.Select(
        Gen.Int[0, Enum.GetValues<MutationKind>().Length - 1], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000],
        (kind, pick, value) => new Mutation((MutationKind)kind, pick, value));

    /// <summary>Most cases carry one to three mutations; one in ten is the shape unchanged, one in ten gets a raw twist.</summary>
    public static readonly Gen<FuzzCase> Cases = Gen.Select(
        Gen.Int[0, TeamsShapes.Count - 1],
        Gen.Frequency((1, OneMutation.Array[0, 0]), (9, OneMutation.Array[1, 3])),
        Gen.Frequency((9, Gen.Const(0)), (1, Gen.Int[1, 4])),
        (shape, mutations, twist) => new FuzzCase(shape, mutations, twist));

    private static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "\u200B\u200D\uFEFF", "\u202Eevil\u202C", "Ärger mit Übergrößen ß", "ＨＩＬＦＥ", "ｓｃｈｕｌｕｎｇｅｎ",
        "😀👩‍👩‍👧‍👦🏳️‍🌈", "e\u0301\u0301\u0301\u0301", "'; DROP TABLE installations; --", "<script>alert(1)</script>",
        "[Jetzt anmelden](https://evil.example)", "${$root.t.menu.title}", "{{x}}", "\\u0000", "../../etc/passwd",
        "9a8b7c6d-1111-4222-8333-444455556666", "NaN", "-1", "0", "99999999999999999999", "true", "null", "İı", "\r\n\t",
    ];

    /// <summary>Posts need a conversation each: mutations that write ids get this suffix so parallel cases do not collide.</summary>
    public static string Render(FuzzCase fuzz, BotFixture bot, int caseNumber)
    {
        var activity = TeamsShapes.Seed(fuzz.Shape, bot);
        activity["conversation"]!["id"] = activity["conversation"]!["id"]!.GetValue<string>() + "-" + caseNumber;
        foreach (var mutation in fuzz.Mutations) Apply(activity, mutation, caseNumber);
        var json = activity.ToJsonString();
        return fuzz.RawTwist switch
        {
            0 => json,
            // A field twice: which tenant is meant?
            1 => json.Replace("\"tenant\":{\"id\":", "\"tenant\":{\"id\":\"11111111-2222-3333-4444-555555555555\",\"id\":", StringComparison.Ordinal),
            // A lone surrogate, legal as a JSON escape, illegal as text.
            2 => json.Replace("\"locale\":\"", "\"locale\":\"\\ud800", StringComparison.Ordinal),
            // Cut off mid-body.
            3 => json[..(json.Length / 2)],
            // Not an object at all.
            _ => "[" + json + "]",
        };
    }

    private static void Apply(JsonObject activity, Mutation m, int caseNumber)
    {
        switch (m.Kind)
        {
            case MutationKind.ReplaceAnyField:
            {
                var fields = Fields(activity);
                var (parent, key) = fields[m.Pick % fields.Count];
                parent[key] = Value(m.Value);
                if (key == "id" && parent == activity["conversation"] && parent[key] is JsonValue v && v.TryGetValue<string>(out var s))
                    parent[key] = s + "-" + caseNumber;
                break;
            }
            case MutationKind.RemoveAnyField:
            {
                var fields = Fields(activity);
                var (parent, key) = fields[m.Pick % fields.Count];
                parent.Remove(key);
                break;
            }
            case MutationKind.AddExtraField:
            {
                var objects = Fields(activity).Select(f => f.Parent).Distinct().ToList();
                objects[m.Pick % objects.Count]["x" + (m.Pick % 7)] = Value(m.Value);
                break;
            }
            case MutationKind.ChangeType:
                activity["type"] = Pick(m.Value, ["message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction",
                    "event", "typing", "endOfConversation", "messageUpdate", "messageDelete", "Message", "INVOKE", "", "trace"]);
                break;
            case MutationKind.ChangeInvokeName:
                activity["name"] = Pick(m.Value, ["adaptiveCard/action", "task/fetch", "task/submit", "composeExtension/query",
                    "composeExtension/submitAction", "signin/verifyState", "fileConsent/invoke", "actionableMessage/executeAction",
                    "AdaptiveCard/Action", "adaptiveCard/action ", "config/fetch", "tab/fetch"]);
                if (TypeOf(activity) != "message") activity["type"] = "invoke";
                break;
            case MutationKind.WrongVerb:
            {
                var verb = Pick(m.Value, [.. TeamsShapes.Verbs, "trainings.nope", "Menu.Show", "menu.show.now", "", "a.b", new string('x', 5000),
                    "trainings.signUp\u0000", "ｍｅｎｕ.ｓｈｏｗ"]);
                Target(activity)["verb"] = verb;
                break;
            }
            case MutationKind.WrongData:
            {
                var data = Target(activity);
                if (TypeOf(activity) == "invoke") data = (data["data"] as JsonObject) ?? (JsonObject)(data["data"] = new JsonObject());
                data[Pick(m.Pick, TeamsShapes.DataKeys)] = m.Value % 3 == 0 ? JsonValue.Create((m.Value % 20) - 5) : Value(m.Value);
                break;
            }
            case MutationKind.ActionNotAnObject:
                activity["type"] = "invoke";
                activity["name"] = "adaptiveCard/action";
                if (m.Pick % 2 == 0) activity["value"] = Value(m.Value) is JsonObject ? "a string" : Value(m.Value);
                else activity["value"] = new JsonObject { ["action"] = Value(m.Value) is JsonObject ? new JsonArray(1, 2) : Value(m.Value) };
                break;
            case MutationKind.TenantOfAnotherType:
                var channelData = activity["channelData"] as JsonObject ?? (JsonObject)(activity["channelData"] = new JsonObject());
                if (m.Pick % 2 == 0) channelData["tenant"] = NonString(m.Value);
                else channelData["tenant"] = new JsonObject { ["id"] = NonString(m.Value) };
                break;
            case MutationKind.TenantsDisagree:
                if (activity["conversation"] is JsonObject conversation) conversation["tenantId"] = "11111111-2222-3333-4444-555555555555";
                break;
            case MutationKind.OddText:
                activity["text"] = Pick(m.Value, OddStrings) + " " + Pick(m.Pick, TeamsShapes.Texts) + Pick(m.Pick / 7, OddStrings);
                break;
            case MutationKind.HugeText:
                activity["text"] = Pick(m.Pick, TeamsShapes.Texts) + " " + new string("abcdefghij🙂 "[m.Value % 12], 1_000 + m.Value % 150_000);
                break;
            case MutationKind.DeepValue:
            {
                JsonNode node = "bottom";
                for (var i = 0; i < 20 + m.Value % 120; i++) node = m.Pick % 2 == 0 ? new JsonArray(node) : new JsonObject { ["a"] = node };
                var fields = Fields(activity);
                var (parent, key) = fields[m.Pick % fields.Count];
                parent[key] = node;
                break;
            }
            case MutationKind.ActAsLabTeam:
                activity["from"] = new JsonObject { ["id"] = Activities.LabTeam.Id, ["name"] = Activities.LabTeam.Name, ["aadObjectId"] = Activities.LabTeam.AadObjectId };
                break;
            case MutationKind.OtherChannel:
                activity["channelId"] = Pick(m.Value, ["webchat", "directline", "emulator", "MSTEAMS", "", "msteams\u0000", "skype"]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(m), m.Kind, null);
        }
    }

    /// <summary>Where a card verb lives: the message's value, or the invoke's value.action.</summary>
    private static JsonObject Target(JsonObject activity)
    {
        var value = activity["value"] as JsonObject ?? (JsonObject)(activity["value"] = new JsonObject());
        if (TypeOf(activity) != "invoke") return value;
        return value["action"] as JsonObject ?? (JsonObject)(value["action"] = new JsonObject { ["type"] = "Action.Execute" });
    }

    private static string? TypeOf(JsonObject activity) =>
        activity["type"] is JsonValue v && v.TryGetValue<string>(out var type) ? type : null;

    private static List<(JsonObject Parent, string Key)> Fields(JsonObject root)
    {
        var fields = new List<(JsonObject, string)>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, child) in o.ToList()) { fields.Add((o, key)); Walk(child); }
                    break;
                case JsonArray a:
                    foreach (var child in a) Walk(child);
                    break;
            }
        }
        Walk(root);
        return fields;
    }

    private static string Pick(int n, string[] options) => options[n % options.Length];

    private static JsonNode? NonString(int n) => (n % 6) switch
    {
        0 => 42,
        1 => true,
        2 => new JsonArray("9a8b7c6d-1111-4222-8333-444455556666"),
        3 => new JsonObject { ["id"] = "9a8b7c6d-1111-4222-8333-444455556666" },
        4 => null,
        _ => 1.5e300,
    };

    private static JsonNode? Value(int n) => (n % 12) switch
    {
        0 => null,
        1 => n % 2 == 0,
        2 => n - 500_000,
        3 => (n % 1000) / 7.0,
        4 => Pick(n / 12, OddStrings),
        5 => new JsonArray(Pick(n / 12, OddStrings), n % 100, null),
        6 => new JsonObject { ["id"] = Pick(n / 12, OddStrings), ["type"] = n % 5 },
        7 => new string('é', 200 + n % 5_000),
        8 => new JsonObject(),
        9 => new JsonArray(),
        10 => long.MaxValue,
        _ => new StringBuilder().Insert(0, "🙂", 10 + n % 300).ToString(),
    };
}
