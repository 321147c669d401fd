using System.Globalization;
using Serverless.FaultHarness.Infrastructure;

namespace Serverless.LoadTests;

/// <summary>
/// The engine's own scale-out: local hosts on one task hub share its partitions through the Azure Storage backend's
/// leases, behind one public address (a forwarder, so that links keep working when a host dies). Three passes on the
/// same Azurite, each on a task hub of its own: one host; two hosts; two hosts with one killed (kill -9, never
/// restarted) once 40 % of the applications are approved — the survivor must take the dead host's partitions over.
/// </summary>
public static class ScaleOut
{
    public sealed record Outcome(ScaleOutResult Result, IReadOnlyList<string> Problems);

    public static async Task<Outcome> RunAsync(LoadOptions options, string hostDll, Maildev mail, Func<Uri, string, Dictionary<string, string>> settingsFor, string logs, string stamp)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settingsFor);
        var problems = new List<string>();
        var one = await PassAsync("one worker", 1, kill: false);
        var two = await PassAsync("two workers", 2, kill: false);
        var killed = await PassAsync("two, one killed", 2, kill: true);

        // After the kill: the longest pause between two certificate e-mails (the partitions of the dead host wait for
        // their leases to expire), and how long until the last application approved before the kill was done.
        var after = killed.Pass.CertificateTimes.Where(at => at >= killed.KilledAt).ToList();
        var gaps = after.Zip(after.Skip(1), (first, second) => second - first).DefaultIfEmpty(0).Max();
        var firstAfter = after.Count > 0 ? after[0] - killed.KilledAt : 0;
        var inFlight = killed.Pass.ApprovalTimes.Count(at => at <= killed.KilledAt);
        var lastInFlight = killed.Pass.CertificateTimes.Count >= inFlight && inFlight > 0 ? killed.Pass.CertificateTimes[inFlight - 1] - killed.KilledAt : double.NaN;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one worker {one.Pass.CompletedPerSecond:F1}/s, two workers {two.Pass.CompletedPerSecond:F1}/s; kill at {killed.KilledAt:F0} s, longest pause after it {Math.Max(gaps, firstAfter):F1} s"));
        return new Outcome(
            new ScaleOutResult(one.Pass.CompletedPerSecond, two.Pass.CompletedPerSecond, killed.KilledAt, Math.Max(gaps, firstAfter), lastInFlight, killed.Pass.Completed, options.Applications),
            problems);

        async Task<(ProductPass Pass, double KilledAt)> PassAsync(string phase, int hostCount, bool kill)
        {
            var frontPort = Ports.Free();
            var publicBaseUrl = new Uri($"http://127.0.0.1:{frontPort}");
            var settings = settingsFor(publicBaseUrl, "scale" + Guid.NewGuid().ToString("N")[..8]);
            var hosts = Enumerable.Range(0, hostCount)
                .Select(index => new HostProcess($"host{(char)('A' + index)}", hostDll, settings, Path.Combine(logs, $"scale-{stamp}-{phase.Replace(' ', '-').Replace(",", string.Empty)}-{(char)('A' + index)}.log"), Ports.Free()))
                .ToList();
            await using var front = new TcpForwarder(frontPort, [.. hosts.Select(host => host.Port)]);
            front.Up();
            try
            {
                foreach (var host in hosts)
                {
                    await host.StartAsync();
                }

                var killedAt = double.NaN;
                var origin = DateTimeOffset.UtcNow;
                var threshold = Math.Max(1, options.Applications * 4 / 10);
                var pass = await ProductRun.RunAsync(phase, publicBaseUrl, mail.WebUrl, options.Applications, options.Concurrency, options.Timeout, hosts, kill
                    ? async approved =>
                    {
                        if (approved >= threshold && double.IsNaN(killedAt))
                        {
                            killedAt = (DateTimeOffset.UtcNow - origin).TotalSeconds;
                            await hosts[0].KillHardAsync();
                        }
                    }
                    : null);
                problems.AddRange(pass.Problems.Select(problem => $"{phase}: {problem}"));
                return (pass, killedAt);
            }
            finally
            {
                foreach (var host in hosts)
                {
                    await host.DisposeAsync();
                }
            }
        }
    }
}
