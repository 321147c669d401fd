namespace Serverless.Core.OpenData;

/// <summary>Settings of the nightly open-data run.</summary>
public sealed class OpenDataOptions
{
    public const string Section = "OpenData";

    /// <summary>How often the local host folds and publishes (the Functions app runs nightly on its CRON schedule); shortened in tests.</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromDays(1);
}
