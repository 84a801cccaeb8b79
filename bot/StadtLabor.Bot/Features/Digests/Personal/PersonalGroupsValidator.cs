using Microsoft.Extensions.Options;
using StadtLabor.Bot.Graph;

namespace StadtLabor.Bot.Features.Digests.Personal;

/// <summary>
/// Digests:PersonalGroups must be Entra group object ids, and need Graph: without it the groups would silently reach
/// nobody, and the lab would only find out when colleagues ask where their digest is.
/// </summary>
internal sealed class PersonalGroupsValidator(IOptions<GraphOptions> graph) : IValidateOptions<DigestsOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestsOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.PersonalGroups.Count; i++)
            if (!Guid.TryParse(options.PersonalGroups[i], out _))
                errors.Add($"Digests:PersonalGroups:{i} '{options.PersonalGroups[i]}' is not an Entra group object id (a GUID).");
        if (options.PersonalGroups.Count > 0 && !graph.Value.Enabled)
            errors.Add("Digests:PersonalGroups needs Graph:Enabled = true (the members are read through Microsoft Graph).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
