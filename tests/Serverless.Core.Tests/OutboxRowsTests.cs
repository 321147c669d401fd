using Azure.Data.Tables;
using Serverless.Core.Outbox;
using Serverless.Platform.Email;

namespace Serverless.Core.Tests;

/// <summary>A queued e-mail's content in its outbox row: split, read back, or left to a blob when too large.</summary>
public sealed class OutboxRowsTests
{
    private static byte[] Content(int length) => [.. Enumerable.Range(0, length).Select(index => (byte)(index * 7))];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64_000)]
    [InlineData(64_001)]
    [InlineData(OutboxRows.MaxInlineBytes)]
    public void TryHoldContent_UpToTheLimit_IsHeldInTheRowAndReadBackWhole(int length)
    {
        var row = new TableEntity("ECO-2026-TEST01", "acknowledgement|abc");
        var content = Content(length);

        Assert.True(OutboxRows.TryHoldContent(row, content));

        Assert.Equal(content, OutboxRows.HeldContent(row));
        Assert.False(OutboxRows.ContentInBlob(row));
        Assert.All(row.Keys.Where(key => key.StartsWith("MessagePart", StringComparison.Ordinal) && key != "MessageParts"), key => Assert.True(row.GetBinary(key).Length <= 64_000));
    }

    [Fact]
    public void TryHoldContent_OverTheLimit_LeavesItToABlob()
    {
        var row = new TableEntity("ECO-2026-TEST01", "decision-Approved|abc");

        Assert.False(OutboxRows.TryHoldContent(row, Content(OutboxRows.MaxInlineBytes + 1)));

        Assert.Null(OutboxRows.HeldContent(row));
        Assert.True(OutboxRows.ContentInBlob(row));
    }

    [Fact]
    public void ContentInBlob_RowQueuedBeforeTheContentMovedToTheRow_IsTrue()
    {
        var row = OutboxRows.NewRow("ECO-2026-TEST01", "review-r01|abc", "review-r01", new EmailMessage("agent@example.org", "Sujet", "<p>Corps</p>", "Corps"), DateTimeOffset.UnixEpoch);

        Assert.True(OutboxRows.ContentInBlob(row));
        Assert.False(OutboxRows.IsSent(row));
        Assert.Equal(OutboxRows.Pending, row.GetString("State"));
    }
}
