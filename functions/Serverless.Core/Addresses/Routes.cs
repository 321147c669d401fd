namespace Serverless.Core.Addresses;

/// <summary>
/// The route templates (relative to <c>/api</c>) of the Functions app's HTTP triggers, and the links built to them. The
/// local host reads them from those triggers' attributes, so a route is declared in one <c>[HttpTrigger]</c>.
/// </summary>
public static class Routes
{
    public const string SubmitApplication = "procedures/{procedureId}/applications";
    public const string ProcedureForm = "procedures/{procedureId}/form";
    public const string ApplicationStatus = "procedures/{procedureId}/applications/{reference}";
    public const string ApplicationCertificate = "procedures/{procedureId}/applications/{reference}/certificate";
    public const string ListProcedures = "procedures";
    public const string GetProcedure = "procedures/{procedureId}";
    public const string OpenApi = "openapi.yaml";
    public const string EmbedScript = "embed.js";
    public const string ProcedureEmbed = "procedures/{procedureId}/embed";
    public const string Review = "review/{token}";
    public const string ReviewAttachment = "review/{token}/attachments/{attachmentId}";
    public const string Correction = "procedures/{procedureId}/applications/{reference}/correction";
    public const string Withdrawal = "procedures/{procedureId}/applications/{reference}/withdrawal";
    public const string VerifyCertificate = "verify/{number}";
    public const string VerifyFile = "verify";
    public const string Revoke = "revoke/{token}";
    public const string Decision = "decision/{token}";
    public const string DecisionCode = "decision/{token}/code";
    public const string DecisionDocument = "decision/{token}/document";
    public const string ApplicationDecision = "procedures/{procedureId}/applications/{reference}/decision";
    public const string ApplicationPayment = "procedures/{procedureId}/applications/{reference}/payment";
    public const string ApplicationPaymentReturn = "procedures/{procedureId}/applications/{reference}/payment/return";
    public const string ApplicationPaymentReceipt = "procedures/{procedureId}/applications/{reference}/payment/receipt";
    public const string PaymentNotification = "payments/notifications";
    public const string FamilyQuotient = "procedures/{procedureId}/family-quotient";
    public const string Health = "health";
    public const string ApplicationArchive = "procedures/{procedureId}/applications/{reference}/archive";
    public const string CreateDraft = "procedures/{procedureId}/drafts";
    public const string Draft = "procedures/{procedureId}/drafts/{token}";
    public const string ApplicationReceipt = "procedures/{procedureId}/applications/{reference}/receipt";
    public const string ApplicationReceiptPdf = "procedures/{procedureId}/applications/{reference}/receipt/pdf";
    public const string TransparencyCheckpoint = "transparency/{communeId}/checkpoint";
    public const string TransparencyKey = "transparency/{communeId}/key";
    public const string TransparencyEntries = "transparency/{communeId}/entries";
    public const string TransparencyInclusion = "transparency/{communeId}/proof/inclusion";
    public const string TransparencyConsistency = "transparency/{communeId}/proof/consistency";
    public const string TransparencyTimestamps = "transparency/{communeId}/timestamps";
    public const string TransparencyTimestamp = "transparency/{communeId}/timestamps/{size}";
    public const string ErasureRequest = "procedures/{procedureId}/applications/{reference}/erasure";
    public const string ErasureConfirmation = "erasure/{token}";
    public const string OpenDataSchema = "open-data/schema.json";
    public const string OpenDataCsv = "open-data/{communeId}/statistics.csv";
    public const string OpenDataJson = "open-data/{communeId}/statistics.json";
    public const string OpenDataPage = "open-data/{communeId}";
    public const string AgentHome = "agent";
    public const string AgentSignIn = "agent/sign-in";
    public const string AgentSignInLink = "agent/sign-in/{token}";
    public const string AgentSignOut = "agent/sign-out";
    public const string AgentApplication = "agent/applications/{reference}";
    public const string AgentDecision = "agent/applications/{reference}/decision";
    public const string AgentDelegation = "agent/applications/{reference}/delegation";
    public const string AgentAssignment = "agent/applications/{reference}/assignment";
    public const string AgentNotes = "agent/applications/{reference}/notes";
    public const string AgentAttachment = "agent/applications/{reference}/attachments/{attachmentId}";
    public const string AgentBulkDecision = "agent/bulk";
    public const string AgentExport = "agent/export";
    public const string AgentWebhooks = "agent/webhooks";
    public const string AgentWebhookLog = "agent/webhooks/{endpointId}";
    public const string AgentWebhookRedelivery = "agent/webhooks/{endpointId}/redelivery";
    public const string AgentUsage = "agent/usage";
    public const string AgentUsageCsv = "agent/usage.csv";
    public const string AgentPayments = "agent/payments";
    public const string AgentPaymentsCsv = "agent/payments.csv";

    public const string CitizenHome = "citizen";
    public const string CitizenSignIn = "citizen/sign-in";
    public const string CitizenCallback = "citizen/callback";
    public const string CitizenSignOut = "citizen/sign-out";
    public const string CitizenSignOutEverywhere = "citizen/sign-out-everywhere";
    public const string CitizenSignedOut = "citizen/signed-out";

    /// <summary>Everything no other route takes: answered 404, or 405 with <c>Allow</c> on a known address.</summary>
    public const string Fallback = "{*path}";

    /// <summary>The application's signed decision (a signature circuit's result), for the citizen with the access code.</summary>
    public static string DecisionDownloadPath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}/decision?access={Uri.EscapeDataString(accessCode)}";

    /// <summary>An application is read through its own procedure: another procedure's (or commune's) address gives 404.</summary>
    public static string StatusPath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}?access={Uri.EscapeDataString(accessCode)}";

    /// <summary>The payment page of an application (its amount, then PayFiP), for the citizen with the access code.</summary>
    public static string PaymentPath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}/payment?access={Uri.EscapeDataString(accessCode)}";

    /// <summary>Where PayFiP sends the citizen's browser back (urlredirect).</summary>
    public static string PaymentReturnPath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}/payment/return?access={Uri.EscapeDataString(accessCode)}";

    public static string PaymentReceiptPath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}/payment/receipt?access={Uri.EscapeDataString(accessCode)}";

    public static string CertificatePath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}/certificate?access={Uri.EscapeDataString(accessCode)}";

    public static string ArchivePath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}/archive?access={Uri.EscapeDataString(accessCode)}";

    public static string ErasureRequestPath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}/erasure?access={Uri.EscapeDataString(accessCode)}";

    public static string ErasureConfirmationPath(string token) => $"erasure/{Uri.EscapeDataString(token)}";

    public static string TimestampPath(string communeId, long size) =>
        $"transparency/{Uri.EscapeDataString(communeId)}/timestamps/{size.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    public static string ReceiptPath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}/receipt?access={Uri.EscapeDataString(accessCode)}";

    public static string ReceiptPdfPath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}/receipt/pdf?access={Uri.EscapeDataString(accessCode)}";

    public static string ReviewPath(string token) => $"review/{Uri.EscapeDataString(token)}";

    /// <summary>An attachment by its generated id: a replaced file's old link finds nothing rather than its successor.</summary>
    public static string ReviewAttachmentPath(string token, string attachmentId) => $"review/{Uri.EscapeDataString(token)}/attachments/{Uri.EscapeDataString(attachmentId)}";

    public static string CorrectionPath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}/correction?access={Uri.EscapeDataString(accessCode)}";

    public static string WithdrawalPath(string procedureId, string reference, string accessCode) =>
        $"procedures/{Uri.EscapeDataString(procedureId)}/applications/{Uri.EscapeDataString(reference)}/withdrawal?access={Uri.EscapeDataString(accessCode)}";

    public static string VerifyPath(string number) => $"verify/{Uri.EscapeDataString(number)}";

    public static string RevokePath(string token) => $"revoke/{Uri.EscapeDataString(token)}";

    public static string DecisionPath(string token) => $"decision/{Uri.EscapeDataString(token)}";

    public static string DecisionCodePath(string token) => $"decision/{Uri.EscapeDataString(token)}/code";

    public static string DecisionDocumentPath(string token) => $"decision/{Uri.EscapeDataString(token)}/document";

    public static string EmbedPath(string procedureId) => $"procedures/{Uri.EscapeDataString(procedureId)}/embed";

    public static string FormPath(string procedureId) => $"procedures/{Uri.EscapeDataString(procedureId)}/form";

    public static string SubmitPath(string procedureId) => $"procedures/{Uri.EscapeDataString(procedureId)}/applications";
}

/// <summary>Names of every function, shared by both hosts (the twin test compares them).</summary>
public static class FunctionNames
{
    public const string SubmitApplication = nameof(SubmitApplication);
    public const string GetProcedureForm = nameof(GetProcedureForm);
    public const string GetApplicationStatus = nameof(GetApplicationStatus);
    public const string DownloadCertificate = nameof(DownloadCertificate);
    public const string ShowReviewPage = nameof(ShowReviewPage);
    public const string RecordReviewDecision = nameof(RecordReviewDecision);
    public const string DownloadReviewAttachment = nameof(DownloadReviewAttachment);
    public const string ShowCorrectionPage = nameof(ShowCorrectionPage);
    public const string SubmitCorrection = nameof(SubmitCorrection);
    public const string WithdrawApplication = nameof(WithdrawApplication);
    public const string VerifyCertificate = nameof(VerifyCertificate);
    public const string ListProcedures = nameof(ListProcedures);
    public const string GetProcedure = nameof(GetProcedure);
    public const string GetOpenApi = nameof(GetOpenApi);
    public const string GetEmbedScript = nameof(GetEmbedScript);
    public const string GetProcedureEmbed = nameof(GetProcedureEmbed);
    public const string GetOpenDataSchema = nameof(GetOpenDataSchema);
    public const string GetOpenDataCsv = nameof(GetOpenDataCsv);
    public const string GetOpenDataJson = nameof(GetOpenDataJson);
    public const string ShowOpenDataPage = nameof(ShowOpenDataPage);
    public const string VerifyCertificateFile = nameof(VerifyCertificateFile);
    public const string ShowRevocationPage = nameof(ShowRevocationPage);
    public const string RevokeCertificate = nameof(RevokeCertificate);
    public const string GetHealth = nameof(GetHealth);
    public const string DownloadApplicationArchive = nameof(DownloadApplicationArchive);
    public const string ShowReceipt = nameof(ShowReceipt);
    public const string CreateDraft = nameof(CreateDraft);
    public const string ShowDraft = nameof(ShowDraft);
    public const string UpdateDraft = nameof(UpdateDraft);
    public const string DownloadReceiptPdf = nameof(DownloadReceiptPdf);
    public const string ShowWithdrawalPage = nameof(ShowWithdrawalPage);
    public const string GetLogCheckpoint = nameof(GetLogCheckpoint);
    public const string GetLogKey = nameof(GetLogKey);
    public const string GetLogEntries = nameof(GetLogEntries);
    public const string GetInclusionProof = nameof(GetInclusionProof);
    public const string GetConsistencyProof = nameof(GetConsistencyProof);
    public const string ListLogTimestamps = nameof(ListLogTimestamps);
    public const string GetLogTimestamp = nameof(GetLogTimestamp);
    public const string RequestErasure = nameof(RequestErasure);
    public const string ShowErasurePage = nameof(ShowErasurePage);
    public const string ConfirmErasure = nameof(ConfirmErasure);
    public const string ShowAgentHome = nameof(ShowAgentHome);
    public const string RequestAgentSignIn = nameof(RequestAgentSignIn);
    public const string ShowAgentSignIn = nameof(ShowAgentSignIn);
    public const string AgentSignIn = nameof(AgentSignIn);
    public const string AgentSignOut = nameof(AgentSignOut);
    public const string ShowAgentApplication = nameof(ShowAgentApplication);
    public const string RecordAgentDecision = nameof(RecordAgentDecision);
    public const string DelegateAgentApplication = nameof(DelegateAgentApplication);
    public const string AssignAgentApplication = nameof(AssignAgentApplication);
    public const string AddAgentNote = nameof(AddAgentNote);
    public const string DownloadAgentAttachment = nameof(DownloadAgentAttachment);
    public const string RecordAgentBulkDecision = nameof(RecordAgentBulkDecision);
    public const string ExportAgentList = nameof(ExportAgentList);
    public const string ListAgentWebhooks = nameof(ListAgentWebhooks);
    public const string ShowAgentWebhookLog = nameof(ShowAgentWebhookLog);
    public const string RedeliverAgentWebhook = nameof(RedeliverAgentWebhook);
    public const string ShowAgentUsage = nameof(ShowAgentUsage);
    public const string ExportAgentUsage = nameof(ExportAgentUsage);
    public const string ShowAgentPayments = nameof(ShowAgentPayments);
    public const string ExportAgentPayments = nameof(ExportAgentPayments);
    public const string ShowDecisionPage = nameof(ShowDecisionPage);
    public const string RecordDecisionAction = nameof(RecordDecisionAction);
    public const string SendDecisionCode = nameof(SendDecisionCode);
    public const string DownloadDecisionDraft = nameof(DownloadDecisionDraft);
    public const string DownloadSignedDecision = nameof(DownloadSignedDecision);
    public const string ShowCitizenHome = nameof(ShowCitizenHome);
    public const string StartCitizenSignIn = nameof(StartCitizenSignIn);
    public const string CompleteCitizenSignIn = nameof(CompleteCitizenSignIn);
    public const string CitizenSignOut = nameof(CitizenSignOut);
    public const string CitizenSignOutEverywhere = nameof(CitizenSignOutEverywhere);
    public const string ShowCitizenSignedOut = nameof(ShowCitizenSignedOut);
    public const string ShowPayment = nameof(ShowPayment);
    public const string StartPayment = nameof(StartPayment);
    public const string ReturnFromPayment = nameof(ReturnFromPayment);
    public const string DownloadPaymentReceipt = nameof(DownloadPaymentReceipt);
    public const string ReceivePaymentNotification = nameof(ReceivePaymentNotification);
    public const string FetchFamilyQuotient = nameof(FetchFamilyQuotient);

    /// <summary>
    /// The catch-all's name: the greatest name the Functions host accepts (a letter then up to 127 of <c>[a-z0-9_-]</c>,
    /// case-insensitive), "Z" then 127 underscores, because the host tries HTTP routes in the order of the function
    /// names (OrdinalIgnoreCase, where '_' sorts after every letter and digit) and takes the first that matches: no
    /// function added later can sort after it, so its <c>{*path}</c> is tried last. See
    /// docs/decisions/0009-host-route-order.md.
    /// </summary>
    public const string Fallback = "Z" + Underscores127;

    private const string Underscores127 =
        "_______________________________________________________________________________________________________________________________";
}
