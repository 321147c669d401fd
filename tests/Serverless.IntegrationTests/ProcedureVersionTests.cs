using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Procedures;
using Serverless.Core.Storage;
using Serverless.Core.Workflow;
using Serverless.Tests.Fixtures;

namespace Serverless.IntegrationTests;

/// <summary>
/// Editing the catalogue changes new applications only: an application waiting for review keeps the reviewers,
/// certificate and labels of the version it was submitted under, read back from Azurite by a process that only knows
/// the edited catalogue.
/// </summary>
public sealed class ProcedureVersionTests : IAsyncLifetime
{
    private readonly StorageClients storage = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString })
        .Build());

    public async Task InitializeAsync()
    {
        foreach (var container in StorageNames.Containers)
        {
            await storage.Container(container).CreateIfNotExistsAsync();
        }

        foreach (var table in StorageNames.Tables)
        {
            await storage.Table(table).CreateIfNotExistsAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task FindAsync_CatalogueEditedWhileAnApplicationWaits_KeepsTheVersionItWasSubmittedUnder()
    {
        var before = CatalogueLoader.Load(FixtureCatalogue.CreateFolder());
        var editedFolder = FixtureCatalogue.CreateFolder();
        var file = Path.Combine(editedFolder, "procedures", "school-enrolment.json");
        File.WriteAllText(file, File.ReadAllText(file)
            .Replace("Certificat d'inscription scolaire", "Attestation d'inscription (nouveau modèle)", StringComparison.Ordinal)
            .Replace("\"review\": { \"role\": \"education\",", "\"review\": { \"reviewers\": [\"nouvel.agent@saint-exemple.example\"],", StringComparison.Ordinal));
        var after = CatalogueLoader.Load(editedFolder);
        var files = new BlobFiles(storage);
        var repository = new ApplicationRepository(storage);
        var submittedUnder = await new ProcedureVersions(before, files, NullLogger<ProcedureVersions>.Instance).CurrentAsync(before.Find("school-enrolment")!, CancellationToken.None);
        var reference = $"ECO-2026-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        await repository.TryAddAsync(ApplicationRepository.NewRecord(reference, "school-enrolment", "fr", DateTimeOffset.UtcNow, "a@example.org", new Dictionary<string, string>(), [], submittedUnder), CancellationToken.None);

        var loader = new ApplicationLoader(repository, after, new ProcedureVersions(after, files, NullLogger<ProcedureVersions>.Instance));
        var waiting = await loader.GetAsync(reference, CancellationToken.None);

        Assert.NotEqual(submittedUnder, after.SnapshotOf("school-enrolment")!.Version);
        Assert.Equal("Certificat d'inscription scolaire", waiting.Procedure.Certificate.Title.Fr);
        Assert.Equal(["agent.scolaire@saint-exemple.example"], ProcedureCatalog.ReviewersOf(waiting.Procedure, waiting.Commune));
        Assert.Equal("Attestation d'inscription (nouveau modèle)", after.Find("school-enrolment")!.Certificate.Title.Fr);
        Assert.Equal(["nouvel.agent@saint-exemple.example"], after.ReviewersOf(after.Find("school-enrolment")!));
    }

    [Fact]
    public async Task CurrentAsync_SameDefinitionTwice_PublishesOneVersion()
    {
        var catalogue = CatalogueLoader.Load(FixtureCatalogue.CreateFolder());
        var procedure = catalogue.Find("library-membership")!;

        var first = await new ProcedureVersions(catalogue, new BlobFiles(storage), NullLogger<ProcedureVersions>.Instance).CurrentAsync(procedure, CancellationToken.None);
        var second = await new ProcedureVersions(CatalogueLoader.Load(FixtureCatalogue.CreateFolder()), new BlobFiles(storage), NullLogger<ProcedureVersions>.Instance).CurrentAsync(procedure, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.True(await storage.Container(StorageNames.CatalogueVersionsContainer).GetBlobClient(ProcedureSnapshot.BlobNameOf("library-membership", first)).ExistsAsync());
    }
}
