using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>
/// GET /lending/photos/{itemId}/{sha256}.{png|jpg}: an uploaded item photo. Teams clients load card images
/// straight from the URL, without any sign-in to the bot, so the endpoint cannot ask for a role: the SHA-256 of
/// the picture in the path (64 hex digits, known only from a card) is the key, and a wrong or old hash gets 404.
/// A given URL always means the same bytes, so it may be cached for a year (ETag = the hash).
/// </summary>
public static class ServePhoto
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/" + PhotoStore.PathPrefix + "{itemId:long}/{file}", HandleAsync)
            .AllowWithoutLabRole("Teams loads card images without sign-in to the bot; the photo's SHA-256 in the path is the key, and item photos are shown to every colleague anyway.");

    private static async Task<IResult> HandleAsync(long itemId, string file, HttpContext http, LabDbContext db, CancellationToken ct)
    {
        var dot = file.LastIndexOf('.');
        if (dot != 64 || file[(dot + 1)..] is not ("png" or "jpg") || !file[..dot].All(char.IsAsciiHexDigitLower)) return Results.NotFound();
        var sha = file[..dot];
        var photo = await db.LendingPhotos().AsNoTracking().SingleOrDefaultAsync(p => p.ItemId == itemId && p.Sha256 == sha, ct);
        if (photo is null || (file[(dot + 1)..] == "png") != (photo.ContentType == "image/png")) return Results.NotFound();

        var etag = new EntityTagHeaderValue("\"" + sha + "\"");
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(photo.Content, photo.ContentType, entityTag: etag);
    }
}
