using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// Reads the idOp out of PayFiP's notification: the form-encoded POST PayFiP sends to urlnotif once the citizen has
/// paid, refused or given up. The sources spell the field idOp (what PayFiP sends, by an integration written against
/// it) or idop (another integration's reading): both are taken, and nothing else of the body is read.
/// <para>
/// Only the idOp is taken from it, and only as a hint of which payment to look at. The notification is an
/// unauthenticated HTTP request: PayFiP signs nothing, so anyone who can reach the address can send one, with any
/// idOp and any field. It can also be lost, sent twice or arrive late (a régie cannot count on it). The result is
/// therefore always read back from PayFiP with recupererDetailPaiementSecurise (<see cref="IPayFipGateway.GetPaymentResultAsync"/>),
/// over TLS to PayFiP's own address, and a forged notification at worst makes the application ask PayFiP about a
/// payment that PayFiP then describes truthfully.
/// </para>
/// </summary>
public static class PayFipNotification
{
    private const int LongestBody = 4096;

    /// <summary>The idOp of a form-encoded notification body; false when there is none, several, or a malformed one.</summary>
    public static bool TryReadIdOp(string? formBody, out string idOp)
    {
        idOp = string.Empty;
        if (string.IsNullOrEmpty(formBody) || formBody.Length > LongestBody)
        {
            return false;
        }

        return TryReadIdOp(QueryHelpers.ParseQuery(formBody.StartsWith('?') ? formBody : "?" + formBody), out idOp);
    }

    /// <summary>The idOp of already-parsed fields (a request's form, or its query string when the body had none).</summary>
    public static bool TryReadIdOp(IEnumerable<KeyValuePair<string, StringValues>> fields, out string idOp)
    {
        ArgumentNullException.ThrowIfNull(fields);
        idOp = string.Empty;
        var values = fields
            .Where(field => string.Equals(field.Key, "idOp", StringComparison.OrdinalIgnoreCase))
            .SelectMany(field => field.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (values.Count != 1 || !PayFipIdOp.IsWellFormed(values[0]))
        {
            return false;
        }

        idOp = values[0]!;
        return true;
    }
}
