using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Core.Transparency;
using Serverless.LogVerifier;
using Serverless.Tests.Fixtures;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests;

/// <summary>
/// A local host with the given citizen-access and transparency settings, on a catalogue that adds the commune
/// Val-des-Clés and its procedure <c>cles-permit</c>, which no other test uses, so its transparency log holds only this
/// test's entries. Two of them in turn on the same storage are one deployment before and after a rotation.
/// </summary>
public sealed class KeyRotationHost(string catalogue, IReadOnlyDictionary<string, string?> keys) : LocalHostFixture
{
    public const string Commune = "val-des-cles";
    public const string Procedure = "cles-permit";
    public const string PublicBaseUrl = "https://services.val-des-cles.example";

    public static string CreateCatalogue()
    {
        var folder = FixtureCatalogue.CreateFolder();
        var commune = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "communes", "val-temoin.json")))!.AsObject();
        commune["id"] = Commune;
        commune["name"] = "Commune du Val-des-Clés (test des rotations de clés)";
        commune["city"] = "Val-des-Clés";
        File.WriteAllText(Path.Combine(folder, "communes", $"{Commune}.json"), commune.ToJsonString());
        var procedure = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "procedures", "ledger-permit.json")))!.AsObject();
        procedure["id"] = Procedure;
        procedure["commune"] = Commune;
        procedure["referencePrefix"] = "CLE";

        // Nothing is decided here: the applications stay received, and their leaves are only the workflow's first steps.
        procedure["legal"]!["silenceMeans"] = "none";
        procedure["legal"]!["decisionDeadlineDays"] = 30;
        File.WriteAllText(Path.Combine(folder, "procedures", $"{Procedure}.json"), procedure.ToJsonString());
        return folder;
    }

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Catalogue:Path"] = catalogue;

        // One deployment before and after: the same public address, hence the same log origin (the checkpoints' key
        // name), whatever port each test host listens on.
        settings["PublicBaseUrl"] = PublicBaseUrl;
        settings.Remove("CitizenAccess:Key");
        settings.Remove("Transparency:SigningKey");
        foreach (var (name, value) in keys)
        {
            settings[name] = value;
        }
    }
}

/// <summary>
/// A rotation of the citizen-access and transparency keys end to end, as docs/deploy.md tells an operator to do it:
/// a deployment with the single settings of before key ids, then the same storage under key ids with k2 active.
/// </summary>
public sealed class KeyRotationEndToEndTests(ITestOutputHelper output)
{
    private const string SubmitPath = $"/api/procedures/{KeyRotationHost.Procedure}/applications";

    private static readonly string CitizenK1 = NewKey();
    private static readonly string CitizenK2 = NewKey();
    private static readonly string TransparencyK1 = NewKey();
    private static readonly string TransparencyK2 = NewKey();

    private static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Rotation_ActiveKeysBecomeK2_OldCodeStillOpensNewCodeIsK2AndOldCheckpointsStillVerify()
    {
        var catalogue = KeyRotationHost.CreateCatalogue();

        // Before: the single settings of a deployment made before key ids.
        Receipt first;
        StoredCheckpoint firstCheckpoint;
        string keyBefore;
        var before = await StartAsync(catalogue, new Dictionary<string, string?>
        {
            ["CitizenAccess:Key"] = CitizenK1,
            ["Transparency:SigningKey"] = TransparencyK1,
        });
        try
        {
            using var api = before.Client();
            first = await SubmitAsync(api);
            Assert.Equal("k1", (await ApplicationRow(before, first.Reference)).AccessKeyId);
            firstCheckpoint = await CheckpointWithAsync(before, 1);
            keyBefore = (await api.GetStringAsync(new Uri($"/api/transparency/{KeyRotationHost.Commune}/key", UriKind.Relative))).Trim();
            Assert.DoesNotContain('\n', keyBefore);
        }
        finally
        {
            await before.DisposeAsync();
        }

        // After: k1 (the same secrets, under their ids) and k2, k2 active.
        var after = await StartAsync(catalogue, new Dictionary<string, string?>
        {
            ["CitizenAccess:ActiveKeyId"] = "k2",
            ["CitizenAccess:Keys:k1"] = CitizenK1,
            ["CitizenAccess:Keys:k2"] = CitizenK2,
            ["Transparency:ActiveKeyId"] = "k2",
            ["Transparency:SigningKeys:k1"] = TransparencyK1,
            ["Transparency:SigningKeys:k2"] = TransparencyK2,
        });
        try
        {
            await AfterRotationAsync(after, first, firstCheckpoint, keyBefore);
        }
        finally
        {
            await after.DisposeAsync();
        }
    }

    private async Task AfterRotationAsync(KeyRotationHost after, Receipt first, StoredCheckpoint firstCheckpoint, string keyBefore)
    {
        var firstNote = firstCheckpoint.Note;
        using var client = after.Client();

        // The code handed out before the rotation still opens its application.
        using (var opened = await client.GetAsync(new Uri(new Uri(first.StatusUrl).PathAndQuery, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            Assert.Equal(first.Reference, (await opened.Content.ReadFromJsonAsync<StatusBody>(ApplicationClient.Json))!.Reference);
        }

        // A new application records k2 and its code derives from k2 only.
        var second = await SubmitAsync(client);
        Assert.Equal("k2", (await ApplicationRow(after, second.Reference)).AccessKeyId);
        var k1Only = new CitizenAccessCodes(Options.Create(new CitizenAccessOptions { Key = CitizenK1 }));
        var k2Only = new CitizenAccessCodes(Options.Create(new CitizenAccessOptions { ActiveKeyId = "k2", Keys = new() { ["k2"] = CitizenK2 } }));
        Assert.Equal(k2Only.For(second.Reference, "k2"), second.AccessCode);
        var underK1 = k1Only.For(second.Reference, "k1");
        Assert.NotEqual(second.AccessCode, underK1);
        using (var refused = await client.GetAsync(new Uri($"/api/procedures/{KeyRotationHost.Procedure}/applications/{second.Reference}?access={underK1}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        // The first application's code under k2 (a listed key, but not the one its row recorded) opens nothing.
        using (var crossed = await client.GetAsync(new Uri($"/api/procedures/{KeyRotationHost.Procedure}/applications/{first.Reference}?access={k2Only.For(first.Reference, "k2")}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);
        }

        // New checkpoints are signed with k2; /key publishes k2 first, then k1, the key that signed before.
        var secondNote = (await CheckpointWithAsync(after, firstCheckpoint.Size + 1)).Note;
        var published = (await client.GetStringAsync(new Uri($"/api/transparency/{KeyRotationHost.Commune}/key", UriKind.Relative))).Trim();
        output.WriteLine($"Published after the rotation:\n{published}");
        var lines = published.Split('\n');
        var origin = after.Services.Get<TransparencyLog>().Origin(KeyRotationHost.Commune);
        using (var k2 = LogSigningKey.FromMaterial(Convert.FromBase64String(TransparencyK2)))
        {
            Assert.Equal(new[] { SignedNote.VerifierKey(origin, k2.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey)), keyBefore }, lines);
        }

        Assert.NotNull(SignedNote.Open(secondNote, lines[0]).Checkpoint);
        Assert.Null(SignedNote.Open(secondNote, keyBefore).Checkpoint);
        Assert.NotNull(SignedNote.Open(firstNote, keyBefore).Checkpoint);

        // The verifier, given what /key publishes, verifies the served checkpoint (k2) and the one saved before (k1);
        // given the new key alone, it refuses the saved one.
        var verifier = new LogVerifier.LogVerifier(new HttpClient());
        var both = await verifier.VerifyAsync(new VerifierInput(after.BaseAddress, KeyRotationHost.Commune, published, SavedCheckpoints: [firstNote]), CancellationToken.None);
        output.WriteLine(string.Join("\n", both.Checks.Select(check => "ok: " + check).Concat(both.Problems.Select(problem => "FAIL: " + problem))));
        Assert.True(both.Ok, string.Join("\n", both.Problems));
        var newOnly = await verifier.VerifyAsync(new VerifierInput(after.BaseAddress, KeyRotationHost.Commune, lines[0], SavedCheckpoints: [firstNote]), CancellationToken.None);
        Assert.Contains(newOnly.Problems, problem => problem.StartsWith("saved checkpoint 1:", StringComparison.Ordinal));
    }

    private static async Task<KeyRotationHost> StartAsync(string catalogue, Dictionary<string, string?> keys)
    {
        var host = new KeyRotationHost(catalogue, keys);
        await host.InitializeAsync();
        return host;
    }

    private static Task<Receipt> SubmitAsync(HttpClient api) =>
        ApplicationClient.SubmitAsync(api, JsonContent.Create(new { businessName = "Café des Clés", contactEmail = ApplicationClient.NewCitizenEmail(), tables = "2" }), SubmitPath);

    private static async Task<ApplicationRecord> ApplicationRow(LocalHostFixture host, string reference) =>
        (await host.Storage.Table(StorageNames.ApplicationsTable).GetEntityAsync<ApplicationRecord>(reference, ApplicationRecord.RowKeyValue)).Value;

    /// <summary>Waits until the commune's log has at least <paramref name="size"/> leaves, then signs a checkpoint with the host's active key.</summary>
    private static async Task<StoredCheckpoint> CheckpointWithAsync(LocalHostFixture host, long size)
    {
        var log = host.Services.Get<TransparencyLog>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await log.ReadHeadAsync(KeyRotationHost.Commune, CancellationToken.None)).Size < size)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the log of {KeyRotationHost.Commune} never reached {size} leaves");
            await Task.Delay(200);
        }

        return (await host.Services.Get<Checkpointer>().CheckpointAsync(KeyRotationHost.Commune, CancellationToken.None))!;
    }
}
