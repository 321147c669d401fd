using Microsoft.Extensions.Configuration;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Core.Site;
using Serverless.Platform.Storage;

namespace Serverless.IntegrationTests;

/// <summary>The certificate registry and hash index on Azurite: what verification and revocation rely on.</summary>
public sealed class CertificateStorageTests : IAsyncLifetime
{
    private readonly StorageClients storage = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString })
        .Build());

    public async Task InitializeAsync()
    {
        foreach (var table in StorageNames.Tables)
        {
            await storage.Table(table).CreateIfNotExistsAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static RegisteredCertificate Certificate() => new(
        $"AT-2026-{Guid.NewGuid().ToString("N")[..10].ToUpperInvariant()}", "ECO-2026-AAAAAA", "school-enrolment", "abc", "ECO-2026-AAAAAA/x.pdf", "Léa Martin", DateTimeOffset.UtcNow);

    [Fact]
    public async Task TryRevokeAsync_FiveAgentsAtOnce_ExactlyOneRevokesAndAllSeeTheSameRevocation()
    {
        var registry = new CertificateRegistry(storage);
        var certificate = Certificate();
        await registry.RegisterAsync(certificate, CancellationToken.None);

        var attempts = await Task.WhenAll(Enumerable.Range(1, 5).Select(agent =>
            registry.TryRevokeAsync(certificate.Number, new CertificateRevocation(DateTimeOffset.UtcNow, $"agent{agent}@mairie.example", $"motif {agent}", false), CancellationToken.None)));

        Assert.Single(attempts, earlier => earlier is null);
        var stored = await registry.FindAsync(certificate.Number, CancellationToken.None);
        Assert.True(stored!.IsRevoked);
        Assert.All(attempts.Where(earlier => earlier is not null), earlier => Assert.Equal(stored.Revocation!.RevokedBy, earlier!.RevokedBy));
        Assert.Equal(certificate with { Revocation = stored.Revocation }, stored);
    }

    [Fact]
    public async Task FindAsync_NotRevoked_HasNoRevocation()
    {
        var registry = new CertificateRegistry(storage);
        var certificate = Certificate();
        await registry.RegisterAsync(certificate, CancellationToken.None);

        var stored = await registry.FindAsync(certificate.Number, CancellationToken.None);

        Assert.False(stored!.IsRevoked);
        Assert.Null(await registry.FindAsync("AT-2026-NOPE' or PartitionKey ne '", CancellationToken.None));
    }

    [Fact]
    public async Task RecordAsync_SameHashTwice_FindsTheNumber()
    {
        var index = new CertificateHashIndex(storage);
        var sha256 = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());

        await index.RecordAsync(sha256, "AT-2026-AAAAAAAAAA", CancellationToken.None);
        await index.RecordAsync(sha256, "AT-2026-AAAAAAAAAA", CancellationToken.None);

        Assert.Equal("AT-2026-AAAAAAAAAA", await index.FindNumberAsync(sha256, CancellationToken.None));
        Assert.Null(await index.FindNumberAsync(new string('0', 64), CancellationToken.None));
    }
}
