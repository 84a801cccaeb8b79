namespace StadtLabor.Bot.Features.Digests;

/// <summary>
/// Section "Digests". Each part owns its sub-section: Channels (the weekly channel card), Personal (the per-person
/// digest), Roles (lab team, Lotsen, innovation department).
/// </summary>
public sealed class DigestsOptions
{
    public const string Section = "Digests";

    /// <summary>The channels that get the weekly card; several teams possible, each in its language.</summary>
    public List<DigestChannel> Channels { get; set; } = [];

    /// <summary>Post the channel card even when every section is empty ("nothing new this week").</summary>
    public bool PostWhenEmpty { get; set; }

    /// <summary>
    /// Entra groups (object ids) whose members get the personal digest besides everyone who has the app: members are
    /// read through Graph (transitive, paged) at each run; someone without the app gets it installed first when
    /// Graph:InstallForUsers is on. Needs Graph:Enabled.
    /// </summary>
    public List<string> PersonalGroups { get; set; } = [];
}

/// <summary>One channel: its conversation id (19:…@thread.tacv2), the team's serviceUrl, and the card's language.</summary>
public sealed class DigestChannel
{
    public string ConversationId { get; set; } = "";
    public string? ServiceUrl { get; set; }
    public string? TenantId { get; set; }
    public string Language { get; set; } = "de";

    /// <summary>A name for the status card and logs, e.g. "Team Digitalisierung / Allgemein".</summary>
    public string? Name { get; set; }
}
