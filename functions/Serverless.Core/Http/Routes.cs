namespace Serverless.Core.Http;

/// <summary>
/// The one route table: the Functions app's triggers and the local host's endpoints both use these constants
/// (relative to <c>/api</c>).
/// </summary>
public static class Routes
{
    public const string SubmitApplication = "procedures/{procedureId}/applications";
    public const string ProcedureForm = "procedures/{procedureId}/form";
    public const string ApplicationStatus = "applications/{reference}";
    public const string ApplicationCertificate = "applications/{reference}/certificate";
    public const string Review = "review/{token}";
    public const string VerifyCertificate = "verify/{number}";
    public const string VerifyFile = "verify";
    public const string Revoke = "revoke/{token}";

    public static string StatusPath(string reference, string accessCode) =>
        $"applications/{Uri.EscapeDataString(reference)}?access={Uri.EscapeDataString(accessCode)}";

    public static string CertificatePath(string reference, string accessCode) =>
        $"applications/{Uri.EscapeDataString(reference)}/certificate?access={Uri.EscapeDataString(accessCode)}";

    public static string ReviewPath(string token) => $"review/{Uri.EscapeDataString(token)}";

    public static string VerifyPath(string number) => $"verify/{Uri.EscapeDataString(number)}";

    public static string RevokePath(string token) => $"revoke/{Uri.EscapeDataString(token)}";

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
    public const string VerifyCertificate = nameof(VerifyCertificate);
    public const string VerifyCertificateFile = nameof(VerifyCertificateFile);
    public const string ShowRevocationPage = nameof(ShowRevocationPage);
    public const string RevokeCertificate = nameof(RevokeCertificate);
}
