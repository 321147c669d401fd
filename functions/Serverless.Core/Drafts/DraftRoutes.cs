namespace Serverless.Core.Drafts;

/// <summary>Addresses of drafts (relative to <c>/api</c>), and the outbox key of their e-mails.</summary>
public static class DraftRoutes
{
    public const string Steps = "step";
    public const string Review = "review";

    public static string DraftPath(string procedureId, string token) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/drafts/{Uri.EscapeDataString(token)}";

    public static string StepPath(string procedureId, string token, int step) => $"{DraftPath(procedureId, token)}?step={step + 1}";

    public static string ReviewPath(string procedureId, string token) => $"{DraftPath(procedureId, token)}?step={Review}";

    /// <summary>The outbox partition of a draft's e-mails (a draft has no reference).</summary>
    public static string OutboxKey(string draftId) => $"draft-{draftId}";
}
