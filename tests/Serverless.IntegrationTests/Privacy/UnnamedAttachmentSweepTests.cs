using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Retention;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.IntegrationTests.Privacy;

/// <summary>
/// Attachments that no application names do not stay: a submission stores its files together with its start request,
/// so a process that dies then can leave files nothing else names; the daily sweep finds them in the container itself.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class UnnamedAttachmentSweepTests(LocalHostFixture host)
{
    [Fact]
    public async Task SweepAsync_FilesOfAReferenceWithoutRowOrStartRequest_RemovesOnlyThemOnceOldEnough()
    {
        using var api = host.Client();
        var stored = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        var storedFiles = (await host.Services.Get<ApplicationRepository>().GetAsync(stored.Reference, CancellationToken.None)).Attachments.Select(attachment => attachment.BlobName).ToList();
        Assert.NotEmpty(storedFiles);
        var orphan = ApplicationReference.New("ECO", DateTime.UtcNow.Year);
        var inFlight = ApplicationReference.New("ECO", DateTime.UtcNow.Year);
        var files = host.Services.Get<BlobFiles>();
        await files.UploadAsync(StorageNames.AttachmentsContainer, $"{orphan}/{Guid.NewGuid():N}.pdf", "%PDF-1.7 orphan"u8.ToArray(), "application/pdf", CancellationToken.None);
        await files.UploadAsync(StorageNames.AttachmentsContainer, $"{inFlight}/{Guid.NewGuid():N}.pdf", "%PDF-1.7 in flight"u8.ToArray(), "application/pdf", CancellationToken.None);
        await host.Services.Get<PendingRequests>().RecordAsync(inFlight, RequestKind.Start, 0, DateTimeOffset.UtcNow, CancellationToken.None);

        // Younger than the minimum age: a submission may still be storing its row.
        Assert.True(await Exists(orphan));
        await Sweep(TimeSpan.Zero);
        Assert.True(await Exists(orphan));

        // An hour later: the orphan's files go; the in-flight submission's (its start request is the request sweeper's
        // to settle) and the stored application's stay.
        var removed = await Sweep(UnnamedAttachmentSweep.MinimumAge + TimeSpan.FromMinutes(1));

        Assert.True(removed >= 1);
        Assert.False(await Exists(orphan));
        Assert.True(await Exists(inFlight));
        foreach (var name in storedFiles)
        {
            Assert.NotNull(await files.DownloadAsync(StorageNames.AttachmentsContainer, name, CancellationToken.None));
        }
    }

    private Task<int> Sweep(TimeSpan later) =>
        ActivatorUtilities.CreateInstance<UnnamedAttachmentSweep>(host.Services, new ShiftedClock(later)).SweepAsync(CancellationToken.None);

    private async Task<bool> Exists(string reference)
    {
        await foreach (var _ in host.Services.Get<StorageClients>().Container(StorageNames.AttachmentsContainer).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, reference + "/", CancellationToken.None))
        {
            return true;
        }

        return false;
    }

    /// <summary>The system clock moved by a fixed offset.</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
