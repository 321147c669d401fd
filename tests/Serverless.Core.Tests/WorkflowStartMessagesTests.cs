using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Tests;

public sealed class WorkflowStartMessagesTests
{
    private static readonly ApplicationWorkflowInput Input = new(
        "ECO-2026-ABC123",
        "school-enrolment",
        new WorkflowTiming(5, 2, 10.5, 60, SilenceMeans.Acceptance, 15, TimeSpan.FromSeconds(2)),
        WorkflowNames.CurrentVersion,
        WorkflowRetry.Default);

    [Fact]
    public void Parse_SentMessage_GivesBackTheWorkflowInputAndTraceContext()
    {
        var traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var parsed = WorkflowStartMessages.Parse(WorkflowStartMessages.Serialize(new WorkflowStartMessage(Input, traceParent)));

        Assert.NotNull(parsed);
        Assert.Equal(Input, parsed.Input);
        Assert.Equal(traceParent, parsed.TraceParent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"input\":{\"reference\":\"\"}}")]
    [InlineData("[1,2,3]")]
    public void Parse_NotAStartMessage_ReturnsNull(string text)
    {
        Assert.Null(WorkflowStartMessages.Parse(text));
    }
}
