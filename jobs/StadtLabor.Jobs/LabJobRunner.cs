using Quartz;

namespace StadtLabor.Jobs;

/// <summary>
/// The one Quartz job type: every lab job is a job detail of this type named after the feature's job. Disallowing
/// concurrent execution is per job detail, so two different jobs still run side by side.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class LabJobRunner(JobRun run) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await run.RunAsync(context.JobDetail.Key.Name, context.ScheduledFireTimeUtc, cancellationToken);
}
