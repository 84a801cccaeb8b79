namespace StadtLabor.Jobs;

/// <summary>
/// How a failure at a boundary (a turn, a job) is told: a short id the person or the lab team can quote, and for the
/// log the exception types and stack traces without any message. Here, in the lowest project, so the turn pipeline
/// and the job wrapper share one rule.
/// </summary>
public static class Incident
{
    /// <summary>8 hex characters: enough to find the log line, too short to mean anything.</summary>
    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    /// <summary>
    /// Exception types and stack traces, outermost first, with the database's error code: no exception messages,
    /// because a database error quotes the values it refused (ids, names) and a handler's message may quote input.
    /// </summary>
    public static string Describe(Exception exception)
    {
        var sb = new System.Text.StringBuilder();
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            sb.Append(ex.GetType().FullName);
            if (ex is System.Data.Common.DbException { SqlState: { } state }) sb.Append(" (SQLSTATE ").Append(state).Append(')');
            sb.AppendLine();
            if (ex.StackTrace is { } stack) sb.AppendLine(stack);
        }
        return sb.ToString();
    }
}
