using System.Collections.Concurrent;
using System.Globalization;
using Serverless.FaultHarness.Product;
using Serverless.FaultHarness.Reporting;

namespace Serverless.FaultHarness.Workload;

/// <summary>A status the citizen's page showed, from when it was first seen.</summary>
public sealed record SeenStatus(string Status, bool HasCertificate, DateTimeOffset FirstSeenAt);

/// <summary>
/// Reads the citizens' status pages and remembers what each one said over time (so a report can tell what the page
/// showed during an outage), until every application is final or the time allowed is over.
/// </summary>
public sealed class StatusWatch(string scenario, CitizenApi citizen)
{
    private readonly ConcurrentDictionary<string, List<SeenStatus>> timelines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StatusSnapshot> latest = new(StringComparer.Ordinal);

    public IReadOnlyList<SeenStatus> Timeline(string reference) =>
        timelines.TryGetValue(reference, out var list) ? Copy(list) : [];

    public StatusSnapshot? Latest(string reference) => latest.GetValueOrDefault(reference);

    public async Task PollOnceAsync(IReadOnlyCollection<Submission> applications, int concurrency = 4)
    {
        ArgumentNullException.ThrowIfNull(applications);
        var queue = new ConcurrentQueue<Submission>(applications.Where(application => application.Accepted is not null));
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (queue.TryDequeue(out var application))
            {
                var snapshot = await citizen.StatusAsync(application.Accepted!.StatusUrl!);
                if (snapshot is not null)
                {
                    Remember(application.Reference!, snapshot);
                }
            }
        }));
    }

    /// <summary>Polls while a fault lasts (the fault's task is bounded by its duration), whatever the statuses are.</summary>
    public async Task ObserveUntilAsync(IReadOnlyCollection<Submission> applications, Task fault, string what)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var lastSaid = DateTime.MinValue;
        while (!fault.IsCompleted)
        {
            await PollOnceAsync(applications);
            if (DateTime.UtcNow - lastSaid > TimeSpan.FromSeconds(10))
            {
                Progress.Say(scenario, $"{what}: {Census(applications)}");
                lastSaid = DateTime.UtcNow;
            }

            await Task.WhenAny(fault, Task.Delay(1000));
        }

        await fault;
    }

    /// <summary>Polls the applications not final yet until all are, or the time allowed is over; returns how long it took.</summary>
    /// <param name="applications">The applications to wait for.</param>
    /// <param name="timeout">The time allowed.</param>
    /// <param name="onTick">Runs at every round (the agent approving review requests that arrived late).</param>
    public async Task<TimeSpan> WaitForFinalAsync(IReadOnlyCollection<Submission> applications, TimeSpan timeout, Func<Task>? onTick = null)
    {
        ArgumentNullException.ThrowIfNull(applications);
        var started = DateTime.UtcNow;
        var deadline = started + timeout;
        var lastSaid = DateTime.MinValue;
        while (true)
        {
            var pending = applications.Where(application => application.Accepted is not null && Latest(application.Reference!)?.IsFinal != true).ToList();
            if (pending.Count == 0)
            {
                Progress.Say(scenario, $"all final: {Census(applications)}");
                return DateTime.UtcNow - started;
            }

            if (DateTime.UtcNow > deadline)
            {
                Progress.Say(scenario, $"time allowed is over with {pending.Count} not final: {Census(applications)}");
                return DateTime.UtcNow - started;
            }

            if (DateTime.UtcNow - lastSaid > TimeSpan.FromSeconds(5))
            {
                Progress.Say(scenario, string.Create(CultureInfo.InvariantCulture, $"waiting for final states: {applications.Count(application => application.Accepted is not null) - pending.Count} final, {pending.Count} not ({Census(applications)}), {(deadline - DateTime.UtcNow).TotalSeconds:F0} s left"));
                lastSaid = DateTime.UtcNow;
            }

            if (onTick is not null)
            {
                await onTick();
            }

            await PollOnceAsync(pending);
            await Task.Delay(1000);
        }
    }

    /// <summary>"Approved+certificate 30, UnderReview 4, ?" counts of the latest statuses.</summary>
    public string Census(IEnumerable<Submission> applications) =>
        string.Join(", ", applications
            .Where(application => application.Accepted is not null)
            .Select(application => Latest(application.Reference!) is { } snapshot ? Label(snapshot) : "unread")
            .GroupBy(label => label)
            .OrderByDescending(group => group.Count())
            .Select(group => $"{group.Key} {group.Count()}"));

    public static string Label(StatusSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var label = snapshot.Status == "Approved" && snapshot.CertificateNumber is null ? "Approved(no certificate)" : snapshot.Status;
        return snapshot.IncidentStep is { } step ? $"{label}+incident({step})" : label;
    }

    private static List<SeenStatus> Copy(List<SeenStatus> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    private void Remember(string reference, StatusSnapshot snapshot)
    {
        latest[reference] = snapshot;
        var list = timelines.GetOrAdd(reference, _ => []);
        lock (list)
        {
            var hasCertificate = snapshot.CertificateNumber is not null;
            if (list.Count == 0 || list[^1].Status != Label(snapshot) || list[^1].HasCertificate != hasCertificate)
            {
                list.Add(new SeenStatus(Label(snapshot), hasCertificate, DateTimeOffset.UtcNow));
            }
        }
    }
}
