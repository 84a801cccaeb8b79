using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>Section "Ideas": where new ideas are announced, the first-response deadline, the departments offered.</summary>
public sealed class IdeasOptions
{
    public const string Section = "Ideas";

    /// <summary>
    /// Conversation id of the Lotsen's team channel: every new idea is posted there as a card with triage buttons,
    /// updated in place when the idea changes. Empty: no channel post (the Lotsen work from "lotsen" in their 1:1 chat).
    /// </summary>
    public string LotsenConversationId { get; set; } = "";

    /// <summary>
    /// Conversation id of the innovation department's channel, the last step of an escalation; empty: the 1:1 chats of
    /// the people assigned the Innovation role by object id.
    /// </summary>
    public string InnovationConversationId { get; set; } = "";

    /// <summary>An idea should have its first public answer within this many working days (Mon–Fri without NRW holidays).</summary>
    public int FirstResponseWorkingDays { get; set; } = 5;

    /// <summary>The departments offered as "who it helps" (besides "alle"); the Lotsen may set one of these too.</summary>
    public string[] Departments { get; set; } =
    [
        "Bürgerbüro", "Ordnungsamt", "Bauamt", "Personal und Organisation", "Finanzen", "Jugend und Soziales",
        "Schule und Sport", "Kultur", "Stadtplanung", "Tiefbau", "IT und Digitalisierung", "Innovation und Digitaler Wandel",
    ];

    /// <summary>Tags the Lotsen pick from (they may type others).</summary>
    public string[] Tags { get; set; } = ["formular", "termin", "e-akte", "kommunikation", "schulung", "hardware", "software", "prozess"];
}

internal sealed class IdeasOptionsValidator : IValidateOptions<IdeasOptions>
{
    public ValidateOptionsResult Validate(string? name, IdeasOptions o)
    {
        var errors = new List<string>();
        if (o.FirstResponseWorkingDays is < 1 or > 60)
            errors.Add($"Ideas:FirstResponseWorkingDays {o.FirstResponseWorkingDays} must be between 1 and 60.");
        if (o.Departments.Any(d => string.IsNullOrWhiteSpace(d) || d.Length > IdeaLimits.Department))
            errors.Add($"Ideas:Departments: every department needs 1 to {IdeaLimits.Department} characters.");
        if (o.Departments.Distinct(StringComparer.OrdinalIgnoreCase).Count() != o.Departments.Length)
            errors.Add("Ideas:Departments names a department twice.");
        if (o.Tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Contains(',', StringComparison.Ordinal) || t.Length > 40))
            errors.Add("Ideas:Tags: every tag needs 1 to 40 characters and no comma.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
