using Serverless.Core.Outbox;

namespace Serverless.Core.Tests;

/// <summary>The delivery queue's message: one per step's e-mails, and messages queued before that still read.</summary>
public sealed class EmailDeliveryTests
{
    [Fact]
    public void Parse_MessageOfBeforeWithOneRow_ReadsAsThatRowAlone()
    {
        var delivery = EmailDelivery.Parse("""{"reference":"ECO-2026-ABCDEF","rowKey":"outbox|acknowledgement|a@b.example","traceParent":null}""");

        Assert.NotNull(delivery);
        Assert.Equal(["outbox|acknowledgement|a@b.example"], delivery.Rows().Select(row => row.RowKey));
    }

    [Fact]
    public void Of_StepWithTwoEmails_OneMessageThatReadsBackAsBothRowsInOrder()
    {
        var message = EmailDelivery.Of("ECO-2026-ABCDEF", ["outbox|acknowledgement|a@b.example", "outbox|review-1-0|agent@mairie.example"], "00-trace-span-01").Serialize();

        var rows = EmailDelivery.Parse(message)!.Rows().ToList();

        Assert.Equal(["outbox|acknowledgement|a@b.example", "outbox|review-1-0|agent@mairie.example"], rows.Select(row => row.RowKey));
        Assert.All(rows, row => Assert.Equal("ECO-2026-ABCDEF", row.Reference));
        Assert.All(rows, row => Assert.Equal("00-trace-span-01", row.TraceParent));
        Assert.All(rows, row => Assert.Null(row.Then));
    }

    [Theory]
    [InlineData("""{"reference":"ECO-2026-ABCDEF","rowKey":"outbox|a","then":[""]}""")]
    [InlineData("""{"reference":"ECO-2026-ABCDEF","rowKey":""}""")]
    [InlineData("not json")]
    public void Parse_MessageNamingNoRow_IsDropped(string text)
    {
        Assert.Null(EmailDelivery.Parse(text));
    }
}
