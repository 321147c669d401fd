using System.Globalization;
using Serverless.FaultHarness.Infrastructure;
using Serverless.FaultHarness.Product;
using Serverless.FaultHarness.Reporting;

namespace Serverless.FaultHarness.Workload;

/// <summary>Waits (bounded) until the agent has the review request of every application; gives each one's e-mail id.</summary>
public sealed class ReviewInbox(string scenario, MaildevClient mailbox)
{
    public async Task<IReadOnlyDictionary<string, string>> WaitForRequestsAsync(IReadOnlyCollection<string> references, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(references);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + timeout;
        var lastSaid = DateTime.MinValue;
        while (found.Count < references.Count && DateTime.UtcNow < deadline)
        {
            foreach (var (reference, id) in await FindAsync(references.Where(reference => !found.ContainsKey(reference)).ToList()))
            {
                found[reference] = id;
            }

            if (found.Count < references.Count)
            {
                if (DateTime.UtcNow - lastSaid > TimeSpan.FromSeconds(5))
                {
                    Progress.Say(scenario, string.Create(CultureInfo.InvariantCulture, $"waiting for review requests: {found.Count}/{references.Count}, {(deadline - DateTime.UtcNow).TotalSeconds:F0} s left"));
                    lastSaid = DateTime.UtcNow;
                }

                await Task.Delay(1000);
            }
        }

        return found;
    }

    /// <summary>One look at the inbox: the review requests that are there for these applications.</summary>
    public async Task<IReadOnlyDictionary<string, string>> FindAsync(IReadOnlyCollection<string> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (references.Count == 0)
        {
            return found;
        }

        foreach (var mail in await mailbox.SummariesAsync())
        {
            if (!mail.Subject.StartsWith("[À instruire]", StringComparison.Ordinal)
                || !mail.To.Any(to => string.Equals(to, HostSettings.Reviewer, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            foreach (var reference in references)
            {
                if (!found.ContainsKey(reference) && mail.Subject.Contains(reference, StringComparison.Ordinal))
                {
                    found[reference] = mail.Id;
                }
            }
        }

        return found;
    }
}
