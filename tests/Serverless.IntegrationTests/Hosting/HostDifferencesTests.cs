using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Drafts;
using Serverless.Core.Edge;
using Serverless.Core.OpenData;
using Serverless.Core.Orchestration;
using Serverless.Core.Retention;
using Serverless.Core.Site;
using Serverless.Core.Transparency;
using Serverless.Core.Workflow;
using Serverless.LocalHost;

namespace Serverless.IntegrationTests.Hosting;

/// <summary>
/// What the Functions host takes from host.json and the function attributes, against what the local host does in
/// its place (docs/decisions/0001-local-host.md lists each difference and the test that covers it): a divergence
/// fails here, not in Azure.
/// </summary>
public sealed class HostDifferencesTests
{
    /// <summary>Each timer function's local twin and the interval it runs at by default.</summary>
    private static readonly Dictionary<string, TimeSpan> LocalIntervals = new()
    {
        [RecoveryLoop.FunctionName] = new RecoveryOptions().Interval,
        [PoisonedMessagesLoop.FunctionName] = new RecoveryOptions().PoisonedMessagesInterval,
        [LostWorkflowsLoop.FunctionName] = new RecoveryOptions().LostWorkflowsInterval,
        [UnnamedAttachmentsLoop.FunctionName] = new RecoveryOptions().UnnamedAttachmentsInterval,
        [DraftLoop.FunctionName] = new DraftOptions().SweepInterval,
        [PaymentLoop.FunctionName] = new Serverless.Core.Payments.PaymentSweepOptions().SweepInterval,
        [OpenDataLoop.FunctionName] = new OpenDataOptions().PublishInterval,
        [RetentionLoop.FunctionName] = new RetentionOptions().Interval,
        [CheckpointLoop.FunctionName] = new TransparencyOptions().CheckpointInterval,
        [TimestampLoop.FunctionName] = new TransparencyOptions().TimestampInterval,
    };

    private static JsonElement Extension(string name) => FunctionsAppBuild.HostJson().GetProperty("extensions").GetProperty(name);

    [Fact]
    public void TimerTwins_EveryScheduleOfTheFunctionsApp_RecursAtItsLocalLoopsInterval()
    {
        var differences = new List<string>();
        foreach (var (name, trigger) in FunctionsAppBuild.Triggers("timerTrigger"))
        {
            var schedule = trigger.GetProperty("schedule").GetString()!;
            var periods = NCrontab.Periods(schedule, days: 3);
            Assert.True(periods.Count > 0, $"{name}: '{schedule}' fires less than twice in three days");
            if (periods.Count != 1)
            {
                differences.Add($"{name}: '{schedule}' is not periodic ({string.Join(", ", periods)})");
            }
            else if (!LocalIntervals.TryGetValue(name, out var local))
            {
                differences.Add($"{name}: no local twin interval listed");
            }
            else if (periods.Single() != local)
            {
                differences.Add($"{name}: every {periods.Single()} in Azure ('{schedule}'), every {local} locally");
            }
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    [Fact]
    public void QueueTwins_HostJsonQueueSettings_AreTheLocalLoopsSettings()
    {
        var queues = Extension("queues");

        Assert.Equal(QueueTwinLoop.BatchSize, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture), QueueTwinLoop.DefaultVisibility);
        Assert.Equal(PoisonedMessages.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        // Deliberate: the local loop polls at a fixed, shorter interval than the host's longest back-off.
        Assert.True(QueueTwinLoop.IdlePoll <= TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DurableSidecar_HostJsonTaskHubSettings_AreTheLocalBackendsOrFaster()
    {
        var durable = Extension("durableTask");
        var provider = durable.GetProperty("storageProvider");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["TaskHubName"] = "CitizenServicesProd",
        }).Build();

        var local = DurableSidecar.Settings(configuration, NullLoggerFactory.Instance);

        // The same setting names the hub in both hosts.
        Assert.Equal("%TaskHubName%", durable.GetProperty("hubName").GetString());
        Assert.Equal("CitizenServicesProd", local.TaskHubName);
        Assert.Equal(provider.GetProperty("partitionCount").GetInt32(), local.PartitionCount);
        // Deliberate: the local backend polls its queues at least as often as Azure's.
        Assert.True(local.MaxQueuePollingInterval <= TimeSpan.Parse(provider.GetProperty("maxQueuePollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void HttpFunctions_EveryAuthorizationLevel_IsAnonymousAndItsReasonIsRecorded()
    {
        var record = File.ReadAllText(Path.Combine(FunctionsAppBuild.RepositoryRoot, "docs", "decisions", "0001-local-host.md"));
        var section = Regex.Match(record, @"## Authorization levels(?<body>.*?)(\n## |\z)", RegexOptions.Singleline).Groups["body"].Value;
        Assert.False(string.IsNullOrWhiteSpace(section), "0001-local-host.md has no 'Authorization levels' section");

        var problems = new List<string>();
        foreach (var (name, trigger) in FunctionsAppBuild.Triggers("httpTrigger"))
        {
            if (trigger.GetProperty("authLevel").GetString() != "Anonymous")
            {
                problems.Add($"{name}: {trigger.GetProperty("authLevel").GetString()} (a function key cannot be given to citizens or put in e-mailed links)");
            }

            var listed = name == FunctionNames.Fallback ? section.Contains("catch-all", StringComparison.Ordinal) : Regex.IsMatch(section, $@"`{name}`");
            if (!listed)
            {
                problems.Add($"{name}: not listed with its reason in 0001-local-host.md");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void BodyLimits_EveryRoutesLimit_IsBelowWhatEitherHostAccepts()
    {
        // The app's own limit must answer first (problem+json): Kestrel's default (the local host, and the worker's own
        // Kestrel behind the Functions host) is 30,000,000 bytes, the Functions host's 104,857,600
        // (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT unset).
        const long kestrelDefault = 30_000_000;
        const long functionsHostDefault = 104_857_600;
        var largest = HttpEndpoints.Declarations
            .SelectMany(function => function.Methods.Select(method => BodyLimits.For(method, FunctionsHostRouteTableTests.Instantiate(function.Route))))
            .Max();

        Assert.True(largest < kestrelDefault && largest < functionsHostDefault, $"largest body limit {largest} bytes");
        Assert.Equal(4096, EdgeGuard.MaxUrlLength);
    }

    /// <summary>Just enough NCRONTAB (second minute hour day month day-of-week) for the app's schedules.</summary>
    private static class NCrontab
    {
        /// <summary>The distinct gaps between consecutive occurrences over <paramref name="days"/> days.</summary>
        public static List<TimeSpan> Periods(string expression, int days)
        {
            var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(6, fields.Length);
            var start = new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc);
            var occurrences = Enumerable.Range(0, days * 86_400)
                .Select(second => start.AddSeconds(second))
                .Where(instant => Matches(fields[0], instant.Second) && Matches(fields[1], instant.Minute) && Matches(fields[2], instant.Hour)
                    && Matches(fields[3], instant.Day) && Matches(fields[4], instant.Month) && Matches(fields[5], (int)instant.DayOfWeek))
                .ToList();
            return [.. occurrences.Zip(occurrences.Skip(1), (earlier, later) => later - earlier).Distinct()];
        }

        private static bool Matches(string field, int value) =>
            field.Split(',').Any(part =>
            {
                if (part == "*")
                {
                    return true;
                }

                if (part.StartsWith("*/", StringComparison.Ordinal))
                {
                    return value % int.Parse(part[2..], System.Globalization.CultureInfo.InvariantCulture) == 0;
                }

                var range = part.Split('-');
                return range.Length == 2
                    ? value >= int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture) && value <= int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture)
                    : value == int.Parse(part, System.Globalization.CultureInfo.InvariantCulture);
            });
    }
}
