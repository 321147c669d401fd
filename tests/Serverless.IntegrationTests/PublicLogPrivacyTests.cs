using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Core.Transparency;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests;

/// <summary>
/// Issue 23, item 6: what the public transparency endpoints serve about a social-aid (CCAS) application. A neighbour
/// reading them must not find its reference, the <c>CAS-</c> prefix that names the procedure, its decision, the hour,
/// nor any of the address fingerprints its audit step names carry (a delegation to a colleague, a reminder).
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed partial class PublicLogPrivacyTests(LocalHostFixture host, ITestOutputHelper output)
{
    private const string Commune = "saint-exemple";

    [Fact]
    public async Task PublicEndpoints_SocialAidApplicationRejected_ServeNoReferencePrefixDecisionHourOrAddressFingerprint()
    {
        using var api = host.Client();
        var citizen = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, SocialAidForm(citizen), "/api/procedures/social-aid-request/applications");
        var reference = receipt.Reference;
        Assert.StartsWith("CAS-", reference, StringComparison.Ordinal);
        await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.History.Any(item => item.Action == "ReviewRequested"));

        // What an agent's handling writes, through the audit trail the handlers use (which appends the leaves): a
        // hand-over to a colleague and a reminder (step names with address fingerprints), then the rejection.
        var agent = "instructrice.ccas@saint-exemple.example";
        var colleague = "collegue.ccas@saint-exemple.example";
        var audit = host.Services.Get<AuditTrail>();
        var now = DateTimeOffset.UtcNow;
        await audit.RecordAsync(reference, AuditSteps.Delegation(1, colleague), new AuditEntry(AuditAction.Delegated, now, AuditActors.Agent(agent), colleague), CancellationToken.None);
        await audit.RecordAsync(reference, AuditSteps.Reminder(1, 1, colleague), new AuditEntry(AuditAction.ReminderSent, now.AddSeconds(1), AuditActors.System, colleague), CancellationToken.None);
        await audit.RecordAsync(reference, AuditSteps.Decision(1), new AuditEntry(AuditAction.Rejected, now.AddSeconds(2), AuditActors.Agent(colleague), "ressources supérieures au barème"), CancellationToken.None);

        // Every audit row of the application is a leaf, and a checkpoint covers them.
        var log = host.Services.Get<TransparencyLog>();
        var steps = new List<string>();
        steps.AddRange((await host.Services.Get<AuditTrail>().StepsAsync(reference, CancellationToken.None)).Keys);

        var indexes = new List<long>();
        foreach (var step in steps)
        {
            indexes.Add(await log.FindIndexAsync(Commune, reference, step, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException($"{reference} {step} is not in the log"));
        }

        var checkpoint = await host.Services.Get<Checkpointer>().CheckpointAsync(Commune, CancellationToken.None);
        var size = (await log.ReadHeadAsync(Commune, CancellationToken.None)).Size;
        Assert.True(indexes.Max() < size);

        // The fingerprints the step names carry, and the ones anyone could compute from the addresses.
        var fingerprints = steps.SelectMany(step => FingerprintPattern().Matches(step).Select(match => match.Value))
            .Concat([Fingerprint.Of(citizen), Fingerprint.Of(agent), Fingerprint.Of(colleague)])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(Fingerprint.Of(colleague), fingerprints);
        Assert.Contains(steps, step => step.EndsWith(Fingerprint.Of(colleague), StringComparison.Ordinal));

        // Every public endpoint of the commune's log.
        var served = new StringBuilder();
        async Task<string> Read(string path)
        {
            using var response = await api.GetAsync(new Uri($"/api/transparency/{Commune}/{path}", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            served.Append(path).Append(" → ").Append((int)response.StatusCode).Append('\n').Append(body).Append('\n');
            return body;
        }

        await Read("checkpoint");
        await Read("key");
        await Read("timestamps");
        var entries = new List<(long Index, string Entry)>();
        for (long start = 0; start < size; start += TransparencyHandler.MaxEntriesPerPage)
        {
            using var page = JsonDocument.Parse(await Read($"entries?start={start}"));
            entries.AddRange(page.RootElement.GetProperty("entries").EnumerateArray().Select(item => (item.GetProperty("index").GetInt64(), item.GetProperty("entry").GetString()!)));
        }

        foreach (var index in indexes)
        {
            await Read($"proof/inclusion?index={index}&size={size}");
        }

        await Read($"proof/consistency?first=1&second={size}");

        // No lookup by reference: the inclusion proof is asked by index only, so a guessed reference gets nothing back.
        using (var byReference = await api.GetAsync(new Uri($"/api/transparency/{Commune}/proof/inclusion?reference={Uri.EscapeDataString(reference)}", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, byReference.StatusCode);
        }

        var text = served.ToString();
        output.WriteLine($"{reference}: steps {string.Join(", ", steps)} at leaves {string.Join(", ", indexes)}; fingerprints {string.Join(", ", fingerprints)}; {text.Length} characters served");
        Assert.DoesNotContain(reference, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("CAS-", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(citizen, text, StringComparison.OrdinalIgnoreCase);
        Assert.All(fingerprints, fingerprint => Assert.DoesNotContain(fingerprint, text, StringComparison.OrdinalIgnoreCase));

        // The application's own leaves: v2, no action, no step, the day only.
        var day = LogEntry.FormatDay(now);
        foreach (var index in indexes)
        {
            var entry = entries.Single(item => item.Index == index).Entry;
            output.WriteLine($"leaf {index}: {entry}");
            using var leaf = JsonDocument.Parse(entry);
            Assert.Equal(["at", "commitment", "commune", "subject", "v"], leaf.RootElement.EnumerateObject().Select(property => property.Name));
            Assert.Equal(2, leaf.RootElement.GetProperty("v").GetInt32());
            Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", leaf.RootElement.GetProperty("at").GetString()!);
            Assert.DoesNotContain("Rejected", entry, StringComparison.Ordinal);
            Assert.DoesNotContain("decision", entry, StringComparison.Ordinal);
        }

        Assert.Contains(entries.Where(item => indexes.Contains(item.Index)), item => item.Entry.Contains($"\"at\":\"{day}\"", StringComparison.Ordinal));
        Assert.NotNull(checkpoint);
    }

    private static MultipartFormDataContent SocialAidForm(string email)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["applicantFirstName"] = "Josiane",
            ["applicantLastName"] = "Voisin",
            ["birthDate"] = "1961-03-14",
            ["email"] = email,
            ["phone"] = "06 12 34 56 78",
            ["addressLine"] = "5 impasse des Tilleuls",
            ["postalCode"] = "30000",
            ["city"] = "Saint-Exemple",
            ["householdSize"] = "1",
            ["monthlyIncome"] = "640",
            ["aidType"] = "aide-energie",
            ["situation"] = "Facture d'électricité impayée.",
        })
        {
            content.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(ApplicationClient.ProofPdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "incomeProofs", "avis-imposition.pdf");
        return content;
    }

    [GeneratedRegex("[0-9a-f]{16}")]
    private static partial Regex FingerprintPattern();
}
