using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>What came of fetching an image someone pasted into the chat.</summary>
public abstract record PhotoFetch
{
    private PhotoFetch() { }

    public sealed record Image(byte[] Content, string ContentType, string Extension) : PhotoFetch;

    /// <summary>The URL is not one Teams gives for this conversation: never requested (no SSRF, our token stays home).</summary>
    public sealed record NotAllowed : PhotoFetch;
    public sealed record TooLarge : PhotoFetch;

    /// <summary>Not a PNG or JPEG by its first bytes, whatever the content type claims.</summary>
    public sealed record NotImage : PhotoFetch;
    public sealed record Failed : PhotoFetch;
}

/// <summary>
/// Fetches an inline image of a Teams message. Teams gives it as an attachment (contentType image/*) whose
/// contentUrl lies on the connector of the conversation (…/v3/attachments/{id}/views/original) and needs the bot's
/// token. The URL is card data of a kind (the sender's client writes the message), so it is requested only when it
/// is on the same scheme, host and port as the activity's serviceUrl and that serviceUrl is on the connector
/// allow-list: the token never travels elsewhere and the bot cannot be made to fetch an intranet address. No
/// redirects, one short attempt, at most Lending:PhotoMaxBytes read, and the bytes must start like PNG or JPEG.
/// </summary>
public sealed class PhotoFetcher(IHttpClientFactory clients, IOptions<BotOptions> bot, IOptions<LendingOptions> lending)
{
    public const string HttpClientName = "lending.photo";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    public async Task<PhotoFetch> FetchAsync(string? serviceUrl, string? contentUrl, CancellationToken ct)
    {
        if (!IsConnectorAttachment(serviceUrl, contentUrl, bot.Value.EffectiveServiceUrlHosts.ToList())) return new PhotoFetch.NotAllowed();
        var max = lending.Value.PhotoMaxBytes;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, contentUrl);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode) return new PhotoFetch.Failed();
            if (response.Content.Headers.ContentLength > max) return new PhotoFetch.TooLarge();
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[max + 1];
            var read = 0;
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
            if (read > max) return new PhotoFetch.TooLarge();
            var bytes = buffer[..read];
            return Sniff(bytes) switch
            {
                "png" => new PhotoFetch.Image(bytes, "image/png", "png"),
                "jpg" => new PhotoFetch.Image(bytes, "image/jpeg", "jpg"),
                _ => new PhotoFetch.NotImage(),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new PhotoFetch.Failed();
        }
    }

    /// <summary>"png", "jpg" or null, by the file's first bytes (the magic numbers), never by name or header.</summary>
    internal static string? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(Png) ? "png" : bytes.StartsWith(Jpeg) ? "jpg" : null;

    /// <summary>The attachment lies on the conversation's own connector, which is one we trust with our token.</summary>
    internal static bool IsConnectorAttachment(string? serviceUrl, string? contentUrl, IReadOnlyCollection<string> allowedHosts)
    {
        if (!SecurityChecks.IsAllowedServiceUrl(serviceUrl, allowedHosts)) return false;
        if (!Uri.TryCreate(contentUrl, UriKind.Absolute, out var content) || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out var service)) return false;
        return content.Scheme == service.Scheme
            && string.Equals(content.IdnHost, service.IdnHost, StringComparison.OrdinalIgnoreCase)
            && content.Port == service.Port
            && content.UserInfo.Length == 0
            && content.AbsolutePath.Contains("/v3/attachments/", StringComparison.Ordinal);
    }
}
