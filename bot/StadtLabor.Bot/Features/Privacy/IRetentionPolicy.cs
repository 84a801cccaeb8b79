namespace StadtLabor.Bot.Features.Privacy;

/// <summary>
/// One kind of stored data with a retention period, implemented by the feature that owns the data and registered
/// with <see cref="RetentionPolicies.AddRetentionPolicy{TPolicy}"/>. The daily purge job runs every policy; the
/// privacy notice lists every kind with its words privacy.kinds.&lt;kind&gt; (short, what, why, howLong), so a feature
/// that stores something new cannot forget to tell people.
/// </summary>
public interface IRetentionPolicy
{
    /// <summary>PascalCase; the configuration key Privacy:Retention:&lt;Kind&gt; (days) and, camelCased, the word key.</summary>
    string Kind { get; }

    /// <summary>Days kept when Privacy:Retention:&lt;Kind&gt; is not set.</summary>
    int DefaultDays { get; }

    /// <summary>Deletes (or anonymises) what expired before the cutoff; returns how many rows. Idempotent.</summary>
    Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct);
}

public static class RetentionPolicies
{
    public static IServiceCollection AddRetentionPolicy<TPolicy>(this IServiceCollection services) where TPolicy : class, IRetentionPolicy =>
        services.AddScoped<IRetentionPolicy, TPolicy>();
}
