using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StadtLabor.Bot.Cards;

/// <summary>
/// The addresses cards offer as mailto links: the lab team (Lab:ContactEmail) and the data protection officer
/// (Privacy:OfficerEmail). The renderer passes them as "contacts" beside the words, and like the words they are
/// trusted (not escaped), so a template can write <c>[${contacts.lab}](mailto:${contacts.lab})</c>. That is safe only
/// because each is checked here, once at start-up: anything but a plain address (no spaces, brackets, parentheses,
/// asterisks, angle brackets, line breaks) stops the start naming its key, so a value cannot turn into other markdown.
/// </summary>
public sealed partial class CardContacts
{
    public const string LabKey = "Lab:ContactEmail";
    public const string DataProtectionKey = "Privacy:OfficerEmail";
    public const string DefaultLab = "stadtlabor@soest.de";
    public const string DefaultDataProtection = "datenschutz@soest.de";

    private CardContacts(string lab, string dataProtection)
    {
        Lab = lab;
        DataProtection = dataProtection;
    }

    public static CardContacts Default { get; } = new(DefaultLab, DefaultDataProtection);

    public string Lab { get; }
    public string DataProtection { get; }

    /// <summary>Reads and checks both settings; an empty or missing one takes its default.</summary>
    public static CardContacts FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var lab = Read(configuration, LabKey, DefaultLab, errors);
        var dataProtection = Read(configuration, DataProtectionKey, DefaultDataProtection, errors);
        return errors.Count == 0 ? new CardContacts(lab, dataProtection) : throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
    }

    /// <summary>A plain address: letters, digits and . _ + - before the @, a domain of letters, digits and hyphens.</summary>
    public static bool IsPlainAddress(string? value) => value is { Length: <= 254 } && PlainAddress().IsMatch(value);

    /// <summary>The trusted root "contacts" of a card's data.</summary>
    public JsonObject ToJson() => new() { ["lab"] = Lab, ["dataProtection"] = DataProtection };

    private static string Read(IConfiguration configuration, string key, string fallback, List<string> errors)
    {
        var value = configuration[key]?.Trim();
        if (string.IsNullOrEmpty(value)) return fallback;
        if (IsPlainAddress(value)) return value;
        // The value is not repeated: it is wrong, and may be long or hostile.
        errors.Add($"{key} must be one plain e-mail address such as {fallback} (no name, brackets, spaces or line breaks); " +
            $"cards show it as a mailto link ({key.Replace(":", "__", StringComparison.Ordinal)}).");
        return fallback;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\z")]
    private static partial Regex PlainAddress();
}
