using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Serverless.Core.Workflow;

/// <summary>The crash the test-only hook raises.</summary>
public sealed class InjectedFaultException(string message) : Exception(message);

/// <summary>
/// Test-only hook for the fault harness: <c>Faults__CrashOnceAfter</c> lists activity names; each listed activity
/// throws once per key (application and recipient), right after its side effects and before it returns, as a
/// process dying there would look to the workflow. Empty (the default, and always in production): does nothing.
/// </summary>
public sealed partial class FaultInjection
{
    private readonly HashSet<string> activities;
    private readonly ConcurrentDictionary<string, bool> crashed = new(StringComparer.Ordinal);
    private readonly ILogger<FaultInjection> logger;

    public FaultInjection(IConfiguration configuration, ILogger<FaultInjection> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        this.logger = logger;
        activities = [.. (configuration["Faults:CrashOnceAfter"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    public void AfterSideEffect(string activity, string key)
    {
        if (activities.Contains(activity) && crashed.TryAdd($"{activity}|{key}", true))
        {
            // A line per crash, so the fault harness can count that the hook really fired.
            LogInjected(activity, key);
            throw new InjectedFaultException($"Injected crash after the side effect of {activity} ({key}).");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Injected crash after the side effect of {Activity} ({Key})")]
    private partial void LogInjected(string activity, string key);
}
