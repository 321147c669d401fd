using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Serverless.FaultHarness.Infrastructure;

namespace Serverless.FaultHarness.Product;

/// <summary>How one application's signature circuit went from its people's side.</summary>
public sealed record CircuitRun(string Reference, bool Completed, int Posts, int CodesAsked, string Outcome);

/// <summary>
/// The people of the emergency aid's signature circuit, working from their mailboxes as a browser would: the drafter
/// (the approving agent) submits the draft, the head of the CCAS and the chief executive approve, the mayor asks a
/// one-time code and signs with it. Each follows the link of their e-mail; a page that did not answer is tried again
/// (bounded); "already done" (409) counts as done, since the first try's answer may have been lost.
/// </summary>
public sealed partial class CircuitPeople(MaildevClient mailbox) : IDisposable
{
    public const string HeadOfCcas = "responsable.ccas@saint-exemple.example";
    public const string ChiefExecutive = "dgs@saint-exemple.example";
    public const string Mayor = "maire@saint-exemple.example";

    /// <summary>Signing steps of the shipped circuit (two visas and the signature): signatures on the signed decision.</summary>
    public const int SigningSteps = 3;

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CodeWait = TimeSpan.FromSeconds(30);

    private static readonly (string Recipient, string Tag, string Label, string Action)[] Steps =
    [
        (HostSettings.Reviewer, "[À rédiger]", "Relire et soumettre le projet", "submit"),
        (HeadOfCcas, "[À viser]", "Lire et viser le projet", "approve"),
        (ChiefExecutive, "[À viser]", "Lire et viser le projet", "approve"),
        (Mayor, "[À signer]", "Lire et signer la décision", "sign"),
    ];

    private readonly HttpClient browser = ReviewAgent.CreateBrowser();

    public static int StepCount => Steps.Length;

    /// <summary>Takes one application through every step; calls <paramref name="afterStep"/> after each step done.</summary>
    public async Task<CircuitRun> DriveAsync(string reference, TimeSpan timeout, Func<Task> afterStep)
    {
        ArgumentNullException.ThrowIfNull(afterStep);
        var deadline = DateTime.UtcNow + timeout;
        var posts = 0;
        var codesAsked = 0;
        foreach (var (recipient, tag, label, action) in Steps)
        {
            var mail = await WaitForMailAsync(summary => summary.Subject.StartsWith(tag, StringComparison.Ordinal) && summary.Subject.Contains(reference, StringComparison.Ordinal) && IsTo(summary, recipient), deadline);
            if (mail is null)
            {
                return new CircuitRun(reference, false, posts, codesAsked, $"no {tag} e-mail to {recipient} in time");
            }

            var link = LinkFrom(mail.Text, label);
            if (link is null)
            {
                return new CircuitRun(reference, false, posts, codesAsked, $"no '{label}' link in the {tag} e-mail to {recipient}");
            }

            var (done, tries, outcome) = action == "sign"
                ? await SignAsync(reference, link, deadline, () => codesAsked++)
                : await PostUntilDoneAsync(link, deadline, Fields(reference, action));
            posts += tries;
            if (!done)
            {
                return new CircuitRun(reference, false, posts, codesAsked, $"{tag} by {recipient}: {outcome}");
            }

            await afterStep();
        }

        return new CircuitRun(reference, true, posts, codesAsked, "signed by the mayor");
    }

    public void Dispose() => browser.Dispose();

    private static (string Name, string Value)[] Fields(string reference, string action) => action == "submit"
        ? [("action", action), ("title", "Arrêté attribuant un secours exceptionnel"), ("body", $"Article 1 : un secours exceptionnel est attribué (demande {reference}).")]
        : [("action", action)];

    /// <summary>The mayor asks a code, reads it from the e-mail, and signs; a code that did not come or was refused is asked again.</summary>
    private async Task<(bool Done, int Tries, string Outcome)> SignAsync(string reference, Uri link, DateTime deadline, Action codeAsked)
    {
        var tries = 0;
        var outcome = "not tried";
        while (DateTime.UtcNow < deadline)
        {
            var codesBefore = (await CodeMailsAsync(reference)).Count;
            var (asked, askTries, askOutcome) = await PostUntilDoneAsync(new Uri(link + "/code"), deadline, []);
            tries += askTries;
            codeAsked();
            if (!asked)
            {
                return (false, tries, "asking the code: " + askOutcome);
            }

            var codeDeadline = DateTime.UtcNow + CodeWait < deadline ? DateTime.UtcNow + CodeWait : deadline;
            string? code = null;
            while (code is null && DateTime.UtcNow < codeDeadline)
            {
                var codeMails = await CodeMailsAsync(reference);
                if (codeMails.Count > codesBefore)
                {
                    code = SixDigits().Match((await mailbox.GetAsync(codeMails[^1].Id)).Text) is { Success: true } match ? match.Groups[1].Value : null;
                }
                else
                {
                    await Task.Delay(Poll);
                }
            }

            if (code is null)
            {
                outcome = "no code e-mail (asked again)";
                continue;
            }

            var (signed, signTries, signOutcome) = await PostUntilDoneAsync(link, deadline, [("action", "sign"), ("code", code), ("confirm", "yes")]);
            tries += signTries;
            if (signed)
            {
                return (true, tries, signOutcome);
            }

            outcome = "signing: " + signOutcome;
        }

        return (false, tries, outcome);
    }

    /// <summary>Posts until 200 (done) or 409 (done already); 400 (a refused code) ends the attempt; other answers are retried.</summary>
    private async Task<(bool Done, int Tries, string Outcome)> PostUntilDoneAsync(Uri link, DateTime deadline, (string Name, string Value)[] fields)
    {
        var tries = 0;
        var outcome = "not tried";
        while (DateTime.UtcNow < deadline)
        {
            tries++;
            try
            {
                using var form = new FormUrlEncodedContent(fields.Select(field => KeyValuePair.Create(field.Name, field.Value)));
                using var response = await browser.PostAsync(link, form);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.OK:
                        return (true, tries, tries > 1 ? "done (after a retry)" : "done");
                    case HttpStatusCode.Conflict:
                        return (true, tries, "already done");
                    case HttpStatusCode.BadRequest:
                        return (false, tries, "refused (400)");
                    default:
                        outcome = string.Create(CultureInfo.InvariantCulture, $"answered {(int)response.StatusCode}");
                        break;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                outcome = exception.GetType().Name;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return (false, tries, "gave up: " + outcome);
    }

    private async Task<List<MailSummary>> CodeMailsAsync(string reference) =>
        [.. (await mailbox.SummariesAsync()).Where(summary => summary.Subject.StartsWith("Code de signature", StringComparison.Ordinal) && summary.Subject.Contains(reference, StringComparison.Ordinal) && IsTo(summary, Mayor))];

    private async Task<ReceivedMail?> WaitForMailAsync(Func<MailSummary, bool> wanted, DateTime deadline)
    {
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await mailbox.SummariesAsync()).FirstOrDefault(wanted) is { } summary)
                {
                    return await mailbox.GetAsync(summary.Id);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // maildev busy: look again.
            }

            await Task.Delay(Poll);
        }

        return null;
    }

    private static bool IsTo(MailSummary summary, string recipient) =>
        summary.To.Any(to => string.Equals(to, recipient, StringComparison.OrdinalIgnoreCase));

    private static Uri? LinkFrom(string text, string label) =>
        Regex.Match(text, Regex.Escape(label) + @" : (\S+)") is { Success: true } match ? new Uri(match.Groups[1].Value) : null;

    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex SixDigits();
}
