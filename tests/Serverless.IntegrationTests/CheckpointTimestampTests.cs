using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Procedures;
using Serverless.Core.Storage;
using Serverless.Core.Transparency;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests;

/// <summary>The day's checkpoint timestamped by a real RFC 3161 authority (`openssl ts`), the token archived and checked by openssl.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class CheckpointTimestampTests(LocalHostFixture host, ITestOutputHelper output)
{
    private const string Commune = "saint-exemple";

    [Fact]
    public async Task TimestampAsync_LatestCheckpoint_GetsATokenThatOpenSslVerifiesOverTheArchivedCheckpoint()
    {
        await using var authority = await OpenSslTimestampAuthority.StartAsync();
        using var api = host.Client();
        var receipt = await ApplicationClient.SubmitAsync(api, JsonContent.Create(new { businessName = "Brasserie du Port", contactEmail = ApplicationClient.NewCitizenEmail(), tables = "3" }), "/api/procedures/terrace-permit/applications");
        await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.History.Any(item => item.Action == "Submitted"));
        var timestamper = new CheckpointTimestamper(
            host.Services.Get<TransparencyLog>(),
            host.Services.Get<Checkpointer>(),
            host.Storage,
            host.Services.Get<ProcedureCatalog>(),
            Microsoft.Extensions.Options.Options.Create(new TransparencyOptions { TimestampAuthorityUrl = authority.Url.ToString() }),
            host.Services.Get<IHttpClientFactory>(),
            NullLogger<CheckpointTimestamper>.Instance);

        var checkpoint = await host.Services.Get<Checkpointer>().CheckpointAsync(Commune, CancellationToken.None);
        var token = await timestamper.TimestampAsync(Commune, CancellationToken.None);

        var archive = host.Storage.Container(StorageNames.AuditArchiveContainer);
        var archivedNote = (await archive.GetBlobClient(Checkpointer.ArchiveBlobName(Commune, checkpoint!.Size)).DownloadContentAsync()).Value.Content.ToArray();
        var archivedToken = (await archive.GetBlobClient(CheckpointTimestamper.ArchiveBlobName(Commune, checkpoint.Size)).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(token, archivedToken);
        var (code, verdict) = await authority.VerifyAsync(archivedNote, archivedToken);
        output.WriteLine($"openssl ts -verify (checkpoint of size {checkpoint.Size}): exit {code}: {verdict.Trim()}");
        Assert.True(code == 0, verdict);
        Assert.Contains("Verification: OK", verdict, StringComparison.Ordinal);

        // A token stands for those exact bytes: the same token over an altered checkpoint fails.
        var altered = (byte[])archivedNote.Clone();
        altered[^2] ^= 1;
        var (alteredCode, alteredVerdict) = await authority.VerifyAsync(altered, archivedToken);
        Assert.NotEqual(0, alteredCode);
        output.WriteLine($"openssl ts -verify over an altered checkpoint: exit {alteredCode}: {alteredVerdict.Trim()}");

        // Asking again keeps the archived token (write-once) rather than a second one.
        Assert.Equal(archivedToken, await timestamper.TimestampAsync(Commune, CancellationToken.None));
    }
}
