using Microsoft.AspNetCore.Routing.Template;
using Serverless.Core.Addresses;

namespace Serverless.Core.Edge;

/// <summary>
/// Which methods each route of <see cref="Routes"/> answers: the edge uses it to answer an unknown address with 404
/// and a known address with the wrong method with 405 and <c>Allow</c>. A test checks it against the local host's
/// endpoints.
/// </summary>
public static class RouteMethods
{
    public static IReadOnlyList<(string Route, string Method)> All { get; } =
    [
        (Routes.SubmitApplication, "POST"),
        (Routes.ProcedureForm, "GET"),
        (Routes.ApplicationStatus, "GET"),
        (Routes.ApplicationCertificate, "GET"),
        (Routes.Review, "GET"),
        (Routes.Review, "POST"),
        (Routes.ReviewAttachment, "GET"),
        (Routes.Decision, "GET"),
        (Routes.Decision, "POST"),
        (Routes.DecisionCode, "POST"),
        (Routes.DecisionDocument, "GET"),
        (Routes.ApplicationDecision, "GET"),
        (Routes.ApplicationPayment, "GET"),
        (Routes.ApplicationPayment, "POST"),
        (Routes.ApplicationPaymentReturn, "GET"),
        (Routes.ApplicationPaymentReceipt, "GET"),
        (Routes.PaymentNotification, "POST"),
        (Routes.FamilyQuotient, "POST"),
        (Routes.CitizenHome, "GET"),
        (Routes.CitizenSignIn, "POST"),
        (Routes.CitizenCallback, "GET"),
        (Routes.CitizenSignOut, "POST"),
        (Routes.CitizenSignOutEverywhere, "POST"),
        (Routes.CitizenSignedOut, "GET"),
        (Routes.Correction, "GET"),
        (Routes.Correction, "POST"),
        (Routes.Withdrawal, "GET"),
        (Routes.Withdrawal, "POST"),
        (Routes.CreateDraft, "POST"),
        (Routes.Draft, "GET"),
        (Routes.Draft, "POST"),
        (Routes.ApplicationReceipt, "GET"),
        (Routes.ApplicationReceiptPdf, "GET"),
        (Routes.VerifyCertificate, "GET"),
        (Routes.ListProcedures, "GET"),
        (Routes.GetProcedure, "GET"),
        (Routes.OpenApi, "GET"),
        (Routes.EmbedScript, "GET"),
        (Routes.ProcedureEmbed, "GET"),
        (Routes.VerifyFile, "POST"),
        (Routes.Revoke, "GET"),
        (Routes.Revoke, "POST"),
        (Routes.Health, "GET"),
        (Routes.ApplicationArchive, "GET"),
        (Routes.TransparencyCheckpoint, "GET"),
        (Routes.TransparencyKey, "GET"),
        (Routes.TransparencyEntries, "GET"),
        (Routes.TransparencyInclusion, "GET"),
        (Routes.TransparencyConsistency, "GET"),
        (Routes.TransparencyTimestamps, "GET"),
        (Routes.TransparencyTimestamp, "GET"),
        (Routes.ErasureRequest, "POST"),
        (Routes.ErasureConfirmation, "GET"),
        (Routes.ErasureConfirmation, "POST"),
        (Routes.OpenDataSchema, "GET"),
        (Routes.OpenDataCsv, "GET"),
        (Routes.OpenDataJson, "GET"),
        (Routes.OpenDataPage, "GET"),
        (Routes.AgentHome, "GET"),
        (Routes.AgentSignIn, "POST"),
        (Routes.AgentSignInLink, "GET"),
        (Routes.AgentSignInLink, "POST"),
        (Routes.AgentSignOut, "POST"),
        (Routes.AgentApplication, "GET"),
        (Routes.AgentDecision, "POST"),
        (Routes.AgentDelegation, "POST"),
        (Routes.AgentAssignment, "POST"),
        (Routes.AgentNotes, "POST"),
        (Routes.AgentAttachment, "GET"),
        (Routes.AgentBulkDecision, "POST"),
        (Routes.AgentExport, "GET"),
        (Routes.AgentWebhooks, "GET"),
        (Routes.AgentWebhookLog, "GET"),
        (Routes.AgentWebhookRedelivery, "POST"),
        (Routes.AgentUsage, "GET"),
        (Routes.AgentUsageCsv, "GET"),
        (Routes.AgentPayments, "GET"),
        (Routes.AgentPaymentsCsv, "GET"),
    ];

    private static readonly IReadOnlyList<(string Route, TemplateMatcher Matcher)> Matchers =
        [.. All.Select(entry => entry.Route).Distinct(StringComparer.Ordinal)
            .Select(route => (route, new TemplateMatcher(TemplateParser.Parse(route), new Microsoft.AspNetCore.Routing.RouteValueDictionary())))];

    /// <summary>The route an address under <c>/api/</c> (without that prefix) belongs to, and the methods it answers.</summary>
    public static (string Route, IReadOnlyList<string> Methods)? Match(string apiPath) =>
        MatchValues(apiPath) is { } match
            ? (match.Route, [.. All.Where(entry => entry.Route == match.Route).Select(entry => entry.Method)])
            : null;

    /// <summary>The route an address belongs to, with its parameters (procedureId, reference, token…).</summary>
    public static (string Route, IReadOnlyDictionary<string, string> Values)? MatchValues(string apiPath)
    {
        ArgumentNullException.ThrowIfNull(apiPath);
        var path = "/" + apiPath.Trim('/');
        foreach (var (route, matcher) in Matchers)
        {
            var values = new Microsoft.AspNetCore.Routing.RouteValueDictionary();
            if (matcher.TryMatch(path, values))
            {
                return (route, values.ToDictionary(pair => pair.Key, pair => pair.Value?.ToString() ?? string.Empty, StringComparer.OrdinalIgnoreCase));
            }
        }

        return null;
    }

    /// <summary>The part of a request path after <c>/api/</c>, or null when the path is not under the API.</summary>
    public static string? ApiPath(string? requestPath)
    {
        if (requestPath is null)
        {
            return null;
        }

        if (requestPath.Equals("/api", StringComparison.OrdinalIgnoreCase))
        {
            return string.Empty;
        }

        return requestPath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) ? requestPath[5..] : null;
    }
}
