using Serverless.Core.Addresses;
using Serverless.Core.Certificates;

namespace Serverless.Core.Edge;

/// <summary>How large a request body each public endpoint accepts; everything else gets a small default.</summary>
public static class BodyLimits
{
    /// <summary>A submission, a correction or a draft with its attachments (the submission's reader applies it too).</summary>
    public const long SubmissionBytes = 8 * 1024 * 1024;

    /// <summary>Review, delegation and revocation forms: a comment or a reason, a few fields.</summary>
    public const long SmallForm = 64 * 1024;

    public static long For(string method, string apiPath)
    {
        ArgumentNullException.ThrowIfNull(apiPath);
        if (!HttpMethods.IsPost(method))
        {
            return SmallForm;
        }

        var route = RouteMethods.Match(apiPath)?.Route;
        return route switch
        {
            // A draft's step carries the same attachments a submission does.
            Routes.SubmitApplication or Routes.Correction or Routes.CreateDraft or Routes.Draft => SubmissionBytes,
            Routes.VerifyFile => VerifyCertificateFileHandler.MaxFileBytes + (64 * 1024),
            _ => SmallForm,
        };
    }

    private static class HttpMethods
    {
        public static bool IsPost(string method) => string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase);
    }
}
