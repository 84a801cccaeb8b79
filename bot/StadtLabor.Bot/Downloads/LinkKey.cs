using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Downloads;

/// <summary>
/// The key that signs download links: "Links:Key" when configured, else one the bot made itself and keeps in the
/// table signing_keys, so every instance signs alike and links survive a restart. Loaded once at start-up, because
/// cards are rendered synchronously and must not wait for the database to sign a link.
/// </summary>
public sealed class LinkKey(IServiceScopeFactory scopes, IOptions<LinkOptions> options, TimeProvider time)
{
    public const string Name = "links";
    private byte[]? _key;

    public byte[]? Current => Volatile.Read(ref _key);

    public async Task<byte[]> LoadAsync(CancellationToken ct)
    {
        if (Current is { } loaded) return loaded;
        var key = options.Value.Key is { } configured
            ? LinkOptionsValidator.KeyBytes(configured) ?? throw new InvalidOperationException("Links:Key is not base64.")
            : await FromDatabaseAsync(ct);
        Volatile.Write(ref _key, key);
        return key;
    }

    private async Task<byte[]> FromDatabaseAsync(CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
            if (await db.SigningKeys().AsNoTracking().SingleOrDefaultAsync(k => k.Name == Name, ct) is { } existing)
                return Convert.FromBase64String(existing.KeyBase64);
            db.SigningKeys().Add(new SigningKey
            {
                Name = Name,
                KeyBase64 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(LinkOptionsValidator.MinKeyBytes)),
                CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance inserted its key first (primary key on the name): everyone uses the winner's.
            }
        }
        await using var fresh = scopes.CreateAsyncScope();
        var winner = await fresh.ServiceProvider.GetRequiredService<LabDbContext>().SigningKeys().AsNoTracking()
            .SingleAsync(k => k.Name == Name, ct);
        return Convert.FromBase64String(winner.KeyBase64);
    }
}

/// <summary>
/// Loads the link key when the app starts (after the migrations, which run before the host starts). When the database
/// is not reachable yet, the start goes on and the key is fetched again in the background: until then cards show no
/// download links and the download endpoints, which load the key themselves, wait for it.
/// </summary>
internal sealed partial class LinkKeyLoader(LinkKey key, ILogger<LinkKeyLoader> log) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stopping = new();
    private Task _retry = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await TryLoadAsync(cancellationToken)) return;
        _retry = Task.Run(RetryAsync, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retry.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryAsync()
    {
        try
        {
            do await Task.Delay(RetryDelay, _stopping.Token);
            while (!await TryLoadAsync(_stopping.Token));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryLoadAsync(CancellationToken ct)
    {
        try
        {
            await key.LoadAsync(ct);
            return true;
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            LogNotLoaded(log, e.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The key for download links could not be loaded ({Error}); trying again in the background")]
    private static partial void LogNotLoaded(ILogger logger, string error);
}

public static class LinksRegistration
{
    /// <summary>Signed download links; safe to call from several features.</summary>
    public static IServiceCollection AddDownloadLinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LinkOptions>().Configure(o => LinkOptions.Bind(o, configuration)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LinkOptions>, LinkOptionsValidator>());
        services.TryAddSingleton<LinkKey>();
        services.TryAddSingleton<DownloadLinks>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LinkKeyLoader>());
        return services;
    }
}
