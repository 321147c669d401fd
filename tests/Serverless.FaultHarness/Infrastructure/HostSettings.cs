using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Serverless.FaultHarness.Infrastructure;

/// <summary>
/// The local host's settings as environment variables: storage, public address, SMTP relay, keys, and the shortened
/// delays of the workflow guarantees (settings that the code of the day does not know are simply ignored by it).
/// </summary>
public static class HostSettings
{
    public const string Reviewer = "agent.faults@saint-exemple.example";
    private const string PfxPassword = "harnais de pannes";

    private static readonly Lazy<string> SigningPfx = new(CreateSigningPfx);

    public static Dictionary<string, string> For(string storageConnection, Uri publicBaseUrl, string taskHub, int smtpPort, IReadOnlyCollection<string> crashOnceAfter)
    {
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storageConnection,
            ["PublicBaseUrl"] = publicBaseUrl.ToString().TrimEnd('/'),
            ["TaskHubName"] = taskHub,
            // Scenarios share one Azurite, each on a task hub of its own: each reads only its own start queue.
            ["Workflow__StartQueueName"] = taskHub.ToLowerInvariant() + "-starts",
            ["Smtp__DeliveryQueueName"] = taskHub.ToLowerInvariant() + "-emails",
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "None",
            ["Smtp__FromAddress"] = "ne-pas-repondre@saint-exemple.example",
            ["ReviewTokens__ActiveKeyId"] = "faults",
            ["ReviewTokens__Keys__faults"] = ReviewKey.Value,
            ["CitizenAccess__Key"] = AccessKey.Value,
            ["CertificateSigning__Pfx"] = SigningPfx.Value,
            ["CertificateSigning__PfxPassword"] = PfxPassword,
            // The elected officials' keys (the signature circuit): a local certificate authority of this test bed only.
            ["Signatures__LocalDirectory"] = Path.Combine(Path.GetTempPath(), "faults-signatories-" + taskHub),
            ["Review__MaxReminders"] = "0",
            ["Review__ReviewerEmails"] = Reviewer,
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // A restarted worker resumes in seconds instead of the backend's 5-minute default.
            ["DurableTask__ControlQueueVisibilityTimeout"] = "00:00:10",
            ["DurableTask__WorkItemQueueVisibilityTimeout"] = "00:00:10",
            // Workflow guarantees (issue 9), shortened for the harness.
            ["Workflow__RetryFirstDelay"] = "00:00:01",
            ["Workflow__RetryAttempts"] = "4",
            ["Workflow__IncidentFirstDelay"] = "00:00:05",
            ["Workflow__IncidentMaxDelay"] = "00:00:20",
            ["Recovery__Interval"] = "00:00:03",
            ["Recovery__MinimumAge"] = "00:00:05",
            // Every citizen of the harness files from 127.0.0.1: the abuse limits (issue 15) would refuse them.
            ["Abuse__SubmissionsPerAddressPerHour"] = "100000",
            ["Abuse__SubmissionsPerRecipientPerDay"] = "100000",
        };
        if (crashOnceAfter.Count > 0)
        {
            settings["Faults__CrashOnceAfter"] = string.Join(',', crashOnceAfter);
        }

        return settings;
    }

    // Every host of a run must share the keys (a link signed by one is checked by the other): made once per process.
    private static readonly Lazy<string> ReviewKey = new(() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    private static readonly Lazy<string> AccessKey = new(() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    private static string CreateSigningPfx()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Harnais de pannes, O=Tests, C=FR", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pfx, PfxPassword));
    }
}
