using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Core.Webhooks;

namespace Serverless.IntegrationTests.Webhooks;

/// <summary>
/// The real local host with communes whose endpoints point at a <see cref="WebhookReceiver"/> in the test process:
/// one test commune per scenario (so one scenario's answers never meet another's events), and Saint-Exemple's
/// endpoint for the end-to-end run. Every endpoint signs with two secrets, as during a rotation; the retry schedule
/// is scaled down 10 000 times (5 s → 0.5 ms, 24 h → 8.6 s) and an attempt may take 1 s.
/// </summary>
public sealed class WebhookHostFixture : LocalHostFixture, IAsyncLifetime
{
    public const double Scale = 0.0001;

    public static readonly string[] Scenarios = ["flaky", "slow", "gone", "busy", "ordered", "dedup", "exhausted", "redirect", "observer"];

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    public IReadOnlyList<string> Secrets { get; } = [NewSecret(), NewSecret()];

    public WebhookReceiver Receiver { get; private set; } = null!;

    public static string CommuneOf(string scenario) => $"wh-{scenario}";

    public static string NewSecret() => WebhookSignature.SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public new async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync(Secrets);
        await base.InitializeAsync();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Webhooks:Secrets:rotation-old"] = Secrets[0];
        settings["Webhooks:Secrets:rotation-new"] = Secrets[1];
        settings["Webhooks:ScheduleScale"] = Scale.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Webhooks:AttemptTimeout"] = AttemptTimeout.ToString();
        settings["Webhooks:AllowLocalDestinations"] = "true";
        settings["BackOffice:DeploymentAdministrators"] = BackOfficeWebhookTests.DeploymentAdministrator;

        var communes = Path.Combine(settings["Catalogue:Path"]!, "communes");
        var template = File.ReadAllText(Path.Combine(communes, "val-temoin.json"));
        foreach (var scenario in Scenarios)
        {
            var commune = JsonNode.Parse(template)!.AsObject();
            commune["id"] = CommuneOf(scenario);
            commune["name"] = $"Commune de test ({scenario})";
            commune["administratorEmail"] = $"informatique@{CommuneOf(scenario)}.example";
            commune["webhooks"] = new JsonArray(Endpoint(scenario));
            File.WriteAllText(Path.Combine(communes, CommuneOf(scenario) + ".json"), commune.ToJsonString());
        }

        var saintExemple = JsonNode.Parse(File.ReadAllText(Path.Combine(communes, "saint-exemple.json")))!.AsObject();
        saintExemple["webhooks"] = new JsonArray(Endpoint("e2e"));
        File.WriteAllText(Path.Combine(communes, "saint-exemple.json"), saintExemple.ToJsonString());
    }

    private JsonObject Endpoint(string path) => new()
    {
        ["id"] = path,
        ["url"] = Receiver.Url(path).ToString(),
        ["events"] = new JsonArray("submitted", "decided", "changesRequested", "certificateIssued", "certificateRevoked"),
        ["secrets"] = new JsonArray("rotation-old", "rotation-new"),
    };
}

[CollectionDefinition(Name)]
public sealed class WebhookHostGroup : ICollectionFixture<WebhookHostFixture>
{
    public const string Name = "webhooks host";
}
