using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Serverless.Core.FamilyQuotient;

/// <summary>
/// One answer of API Particulier v3 read into a <see cref="FamilyQuotientResult"/>: 200 with
/// <c>data.quotient_familial</c> is <see cref="FamilyQuotientResult.Found"/>; 404 (no file at the CNAF or the MSA) is
/// <see cref="FamilyQuotientResult.NotFound"/>; 400 and 422 (parameters, or an identity the register could not match)
/// are <see cref="FamilyQuotientResult.IdentityRejected"/> with the fields the errors' <c>source.parameter</c> name;
/// 401/403 are <see cref="FamilyQuotientResult.AccessDenied"/>; 429 and 5xx (the fund or an intermediary down) are
/// <see cref="FamilyQuotientResult.Unavailable"/> with the wait the headers give. Anything else, or a body that is not
/// the v3 shape, is <see cref="UnavailableReason.InvalidResponse"/>.
/// </summary>
public static class ApiParticulierAnswers
{
    public static FamilyQuotientResult Read(HttpStatusCode status, ReadOnlySpan<byte> body, TimeSpan? retryAfter, DateTimeOffset retrievedAt) => (int)status switch
    {
        200 => Quotient(body, retrievedAt),
        404 => new FamilyQuotientResult.NotFound(),
        400 or 422 => new FamilyQuotientResult.IdentityRejected(FieldErrors(body)),
        401 => new FamilyQuotientResult.AccessDenied(AccessDenial.TokenRejected),
        403 => new FamilyQuotientResult.AccessDenied(AccessDenial.Forbidden),
        429 => new FamilyQuotientResult.Unavailable(UnavailableReason.RateLimited, retryAfter),
        500 or 502 or 503 or 504 => new FamilyQuotientResult.Unavailable(UnavailableReason.ProviderDown, retryAfter),
        _ => new FamilyQuotientResult.Unavailable(UnavailableReason.InvalidResponse),
    };

    /// <summary>
    /// How long to wait before asking again: <c>Retry-After</c> (seconds or an HTTP date), else, for a 429, the end of
    /// the current rate-limit window, <c>RateLimit-Reset</c> (a Unix timestamp, as API Particulier documents it; every
    /// answer carries it, so it says nothing of a fund that is down). Null when neither.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.RetryAfter is { } retry)
        {
            var wait = retry.Delta ?? (retry.Date - now);
            if (wait is { } delay)
            {
                return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
            }
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests
            && response.Headers.TryGetValues("RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var reset)
            && reset is > 0 and < 253402300799)
        {
            var delay = DateTimeOffset.FromUnixTimeSeconds(reset) - now;
            return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        }

        return null;
    }

    private static FamilyQuotientResult Quotient(ReadOnlySpan<byte> body, DateTimeOffset retrievedAt)
    {
        QuotientFamilialAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize<QuotientFamilialAnswer>(body, ApiParticulierJson.Options);
        }
        catch (JsonException)
        {
            return new FamilyQuotientResult.Unavailable(UnavailableReason.InvalidResponse);
        }

        if (answer?.Data is not { } data)
        {
            return new FamilyQuotientResult.Unavailable(UnavailableReason.InvalidResponse);
        }

        // A file without a quotient for the month asked: nothing to prefill.
        if (data.QuotientFamilial is not { Valeur: { } value } quotient)
        {
            return new FamilyQuotientResult.NotFound();
        }

        var provider = quotient.Fournisseur?.Trim().ToUpperInvariant() switch
        {
            "CNAF" or "CAF" => QuotientProvider.Caf,
            "MSA" => QuotientProvider.Msa,
            _ => (QuotientProvider?)null,
        };
        if (provider is null || value < 0 || Month(quotient.Annee, quotient.Mois) is not { } month)
        {
            return new FamilyQuotientResult.Unavailable(UnavailableReason.InvalidResponse);
        }

        // The computation month is informative; an answer without it still carries the quotient and its month.
        var computedIn = Month(quotient.AnneeCalcul, quotient.MoisCalcul) ?? month;
        return new FamilyQuotientResult.Found(new FamilyQuotientValue(value, provider.Value, month, computedIn, retrievedAt));
    }

    private static QuotientMonth? Month(int? year, int? month) =>
        year is >= 1900 and <= 9999 && month is >= 1 and <= 12 ? new QuotientMonth(year.Value, month.Value) : null;

    private static IReadOnlyList<FieldError> FieldErrors(ReadOnlySpan<byte> body)
    {
        ErrorsAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize<ErrorsAnswer>(body, ApiParticulierJson.Options);
        }
        catch (JsonException)
        {
            return [];
        }

        return [.. (answer?.Errors ?? []).Where(error => error is not null).Select(error => new FieldError(
            error.Source?.Parameter is { Length: > 0 } parameter ? ApiParticulierQuery.FieldOf(parameter) : "identity",
            error.Detail ?? error.Title ?? string.Empty))];
    }
}
