using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Features.Digests.Channel;

/// <summary>
/// Digests:Channels checked at start-up: a channel without a conversation id, in a language the words do not have,
/// configured twice (two cards a week in one channel), or with only one of serviceUrl and tenant stops the start with
/// the key named.
/// </summary>
internal sealed class ChannelOptionsValidator : IValidateOptions<DigestsOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestsOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Channels.Count; i++)
        {
            var channel = options.Channels[i];
            var key = $"Digests:Channels:{i}";
            if (string.IsNullOrWhiteSpace(channel.ConversationId))
                errors.Add($"{key}:ConversationId is empty; set the channel's id (19:…@thread.tacv2, Digests__Channels__{i}__ConversationId).");
            else if (channel.ConversationId.Length > 512 || channel.ConversationId.Contains(';', StringComparison.Ordinal))
                errors.Add($"{key}:ConversationId must be the channel's id without a thread part (no ';', at most 512 characters).");
            if (channel.Language is not (Strings.German or Strings.English))
                errors.Add($"{key}:Language '{channel.Language}' must be 'de' or 'en'.");
            if (string.IsNullOrEmpty(channel.ServiceUrl) != string.IsNullOrEmpty(channel.TenantId))
                errors.Add($"{key}: set both ServiceUrl and TenantId, or neither (then the app's install in that team gives them).");
        }
        foreach (var twice in options.Channels.GroupBy(c => c.ConversationId, StringComparer.Ordinal).Where(g => g.Key.Length > 0 && g.Count() > 1))
            errors.Add($"Digests:Channels lists the same ConversationId {twice.Count()} times; each channel gets one card a week.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
