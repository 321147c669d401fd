using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Transparency;
using Serverless.LogVerifier;
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

    [Fact]
    public async Task Timestamps_PublishedTokens_VerifyAgainstTheTsaCertificateAndTheVerifierNamesAWrongOrAlteredToken()
    {
        const string commune = "val-temoin";
        await using var authority = await OpenSslTimestampAuthority.StartAsync();
        await using var stranger = await OpenSslTimestampAuthority.StartAsync();
        using var api = host.Client();
        var timestamper = Timestamper(authority);
        var sizes = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            var receipt = await ApplicationClient.SubmitAsync(api, JsonContent.Create(new { businessName = $"Horodatage n° {i}", contactEmail = ApplicationClient.NewCitizenEmail(), tables = "2" }), "/api/procedures/ledger-permit/applications");
            await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.History.Any(item => item.Action == "Submitted"));
            sizes.Add((await host.Services.Get<Checkpointer>().CheckpointAsync(commune, CancellationToken.None))!.Size);
            await timestamper.TimestampAsync(commune, CancellationToken.None);
        }

        // Public: the list names each token's checkpoint, and the token itself is served as DER.
        using var list = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/transparency/{commune}/timestamps", UriKind.Relative)));
        var listed = list.RootElement.GetProperty("timestamps").EnumerateArray().Select(item => item.GetProperty("size").GetInt64()).ToList();
        Assert.Contains(sizes[0], listed);
        Assert.Contains(sizes[1], listed);
        using var served = await api.GetAsync(new Uri($"/api/transparency/{commune}/timestamps/{sizes[0]}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(TimestampHandler.TokenContentType, served.Content.Headers.ContentType?.MediaType);
        var archive = host.Storage.Container(StorageNames.AuditArchiveContainer);
        var first = archive.GetBlobClient(CheckpointTimestamper.ArchiveBlobName(commune, sizes[0]));
        var original = (await first.DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(original, await served.Content.ReadAsByteArrayAsync());

        var key = (await api.GetStringAsync(new Uri($"/api/transparency/{commune}/key", UriKind.Relative))).Trim();
        var tsa = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(authority.TsaCertificate));
        var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(authority.CaCertificate));
        var verifier = new LogVerifier.LogVerifier(new HttpClient());
        VerifierInput With(params X509Certificate2[] certificates) => new(host.BaseAddress, commune, key) { TsaCertificates = certificates };

        // Untouched: every token verifies, against the TSA's certificate or its CA; not against another authority.
        var untouched = await verifier.VerifyAsync(With(tsa), CancellationToken.None);
        Assert.True(untouched.Ok, string.Join("\n", untouched.Problems));
        output.WriteLine(string.Join("\n", untouched.Checks));
        Assert.Contains(untouched.Checks, check => check.StartsWith("timestamps: all ", StringComparison.Ordinal));
        Assert.True((await verifier.VerifyAsync(With(ca), CancellationToken.None)).Ok);
        var foreign = await verifier.VerifyAsync(With(X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(stranger.TsaCertificate))), CancellationToken.None);
        Assert.Contains(foreign.Problems, problem => problem.Contains($"timestamp of the checkpoint of size {sizes[0]}: signed by", StringComparison.Ordinal));

        try
        {
            // The token of the second checkpoint put in place of the first one's.
            await first.UploadAsync(BinaryData.FromBytes((await archive.GetBlobClient(CheckpointTimestamper.ArchiveBlobName(commune, sizes[1])).DownloadContentAsync()).Value.Content.ToArray()), overwrite: true);
            var swapped = await verifier.VerifyAsync(With(tsa), CancellationToken.None);
            output.WriteLine($"token of another checkpoint: {string.Join(" | ", swapped.Problems)}");
            Assert.Contains(swapped.Problems, problem => problem.Contains($"timestamp of the checkpoint of size {sizes[0]}", StringComparison.Ordinal) && problem.Contains($"it is the token of the checkpoint of size {sizes[1]}", StringComparison.Ordinal));

            // One byte of the signature flipped.
            var flipped = (byte[])original.Clone();
            flipped[^10] ^= 0x01;
            await first.UploadAsync(BinaryData.FromBytes(flipped), overwrite: true);
            var altered = await verifier.VerifyAsync(With(tsa), CancellationToken.None);
            output.WriteLine($"one byte flipped: {string.Join(" | ", altered.Problems)}");
            Assert.Contains(altered.Problems, problem => problem.Contains($"timestamp of the checkpoint of size {sizes[0]}", StringComparison.Ordinal));
        }
        finally
        {
            await first.UploadAsync(BinaryData.FromBytes(original), overwrite: true);
        }

        Assert.True((await verifier.VerifyAsync(With(tsa), CancellationToken.None)).Ok);
    }

    private CheckpointTimestamper Timestamper(OpenSslTimestampAuthority authority) => new(
        host.Services.Get<TransparencyLog>(),
        host.Services.Get<Checkpointer>(),
        host.Storage,
        host.Services.Get<ProcedureCatalog>(),
        Microsoft.Extensions.Options.Options.Create(new TransparencyOptions { TimestampAuthorityUrl = authority.Url.ToString() }),
        host.Services.Get<IHttpClientFactory>(),
        NullLogger<CheckpointTimestamper>.Instance);
}
