namespace Serverless.Core.FamilyQuotient;

/// <summary>
/// What a family-quotient look-up came to. Every expected outcome of API Particulier is one of these, never an
/// exception: <see cref="Found"/>, <see cref="NotFound"/>, <see cref="IdentityRejected"/> (invalid input, or an
/// identity the administration could not match), <see cref="AccessDenied"/> (the token) and <see cref="Unavailable"/>
/// (provider down, rate limit, timeout, unreadable answer, feature off). Only a cancellation by the caller throws.
/// </summary>
public abstract record FamilyQuotientResult
{
    private FamilyQuotientResult()
    {
    }

    /// <summary>The outcome's name, for logs and metrics (never the value nor the identity).</summary>
    public string Outcome => GetType().Name;

    /// <summary>The quotient, with where and when it came from.</summary>
    public sealed record Found(FamilyQuotientValue Quotient) : FamilyQuotientResult;

    /// <summary>No CAF or MSA file for this person (HTTP 404), or no quotient in it for the month asked.</summary>
    public sealed record NotFound : FamilyQuotientResult;

    /// <summary>
    /// The identity was refused: a parameter missing or malformed (checked here before any call, or HTTP 400/422), or
    /// an identity the civil-status register could not match (HTTP 422). <see cref="Errors"/> names each field when the
    /// answer did, with the pivot identity's claim name where there is one (<c>family_name</c>, <c>birthdate</c>…).
    /// </summary>
    public sealed record IdentityRejected(IReadOnlyList<FieldError> Errors) : FamilyQuotientResult;

    /// <summary>The Bearer token was refused (HTTP 401) or does not cover this data or this caller (HTTP 403).</summary>
    public sealed record AccessDenied(AccessDenial Reason) : FamilyQuotientResult;

    /// <summary>Try later, or fall back to a proof upload: <see cref="RetryAfter"/> says when when the answer said.</summary>
    public sealed record Unavailable(UnavailableReason Reason, TimeSpan? RetryAfter = null) : FamilyQuotientResult;
}

/// <summary>
/// A family quotient as API Particulier gave it: the value in euros, the fund that computed it, the month it refers
/// to and the month it was computed in, and when this application received it (recorded beside the value).
/// </summary>
public sealed record FamilyQuotientValue(int Value, QuotientProvider Provider, QuotientMonth Month, QuotientMonth ComputedIn, DateTimeOffset RetrievedAt)
{
    /// <summary>The source to record beside the value.</summary>
    public const string Source = "API Particulier";
}

/// <summary>The fund that computed the quotient (<c>fournisseur</c>: CNAF/CAF or MSA).</summary>
public enum QuotientProvider
{
    Caf,
    Msa,
}

/// <summary>A calendar month, <c>2024-09</c>.</summary>
public readonly record struct QuotientMonth(int Year, int Month)
{
    public override string ToString() => $"{Year:D4}-{Month:D2}";
}

/// <summary>One refused field: the pivot identity's claim name (or the API's parameter name) and the API's own detail.</summary>
public sealed record FieldError(string Field, string Detail);

public enum AccessDenial
{
    /// <summary>401: the token is unknown, expired or missing (for the FranceConnect route, the citizen's access token).</summary>
    TokenRejected,

    /// <summary>403: the token does not give this data, or not to this recipient.</summary>
    Forbidden,
}

public enum UnavailableReason
{
    /// <summary>ApiParticulier__BaseUrl is empty: the feature is off.</summary>
    NotConfigured,

    /// <summary>The fund or an intermediary is down (HTTP 500, 502, 503, 504).</summary>
    ProviderDown,

    /// <summary>HTTP 429: the token's or the address's volume is spent for now.</summary>
    RateLimited,

    /// <summary>No complete answer within ApiParticulier__Timeout.</summary>
    Timeout,

    /// <summary>The connection failed.</summary>
    NetworkError,

    /// <summary>An answer that is not API Particulier v3's: unexpected status, unreadable or oversized body.</summary>
    InvalidResponse,
}
