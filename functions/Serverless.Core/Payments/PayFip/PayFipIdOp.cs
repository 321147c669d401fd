using System.Text.RegularExpressions;

namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// What an idOp looks like. PayFiP's are 36-character UUIDs; anything of letters, digits and hyphens up to 64
/// characters is let through, so that a change of PayFiP's format does not stop payments, while anything else (an idOp
/// arrives in a notification anyone can send) is refused before it reaches a URL, a query or a SOAP call.
/// </summary>
public static partial class PayFipIdOp
{
    public const int LongestIdOp = 64;

    public static bool IsWellFormed(string? idOp) => idOp is not null && Syntax().IsMatch(idOp);

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex Syntax();
}
