using System.Text.RegularExpressions;

namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// PayFiP's rules for creerPaiementSecurise, checked before calling it: a request PayFiP would refuse is refused here,
/// with the field and the code PayFiP would have answered, and no call is made. Values are never repeated in the
/// problems (the e-mail address is personal data, and problems end up in logs).
/// </summary>
public static partial class PaymentRequestValidation
{
    public const long SmallestAmountInCents = 100;
    public const long LargestAmountInCents = 9_999_999;
    public const int LongestUrl = 250;

    public static IReadOnlyList<PaymentRequestProblem> Problems(PaymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<PaymentRequestProblem>();
        if (request.ClientNumber is null || !ClientNumber().IsMatch(request.ClientNumber))
        {
            problems.Add(new("numcli", "T1", "the régie's client number has six digits"));
        }

        if (request.Year is < 1000 or > 9999)
        {
            problems.Add(new("exer", null, "the budget year has four digits"));
        }

        if (request.DebtReference is null || !DebtReference().IsMatch(request.DebtReference))
        {
            problems.Add(new("refdet", "R3", "the debt reference has 6 to 30 letters and digits"));
        }

        if (request.AmountInCents < SmallestAmountInCents)
        {
            problems.Add(new("montant", "M3", "the amount is at least 1 euro"));
        }
        else if (request.AmountInCents > LargestAmountInCents)
        {
            problems.Add(new("montant", "M5", "the amount is at most 99 999,99 euros"));
        }

        if (string.IsNullOrWhiteSpace(request.PayerEmail))
        {
            problems.Add(new("mel", "A1", "the payer's e-mail address is missing"));
        }
        else if (request.PayerEmail.Length is < 6 or > 80 || !Email().IsMatch(request.PayerEmail))
        {
            problems.Add(new("mel", "A2", "the payer's e-mail address is not one (6 to 80 characters, one @)"));
        }

        if (!IsCallbackUrl(request.NotificationUrl))
        {
            problems.Add(new("urlnotif", "N1", $"the notification address is an absolute http(s) address of at most {LongestUrl} characters"));
        }

        if (!IsCallbackUrl(request.ReturnUrl))
        {
            problems.Add(new("urlredirect", "D1", $"the return address is an absolute http(s) address of at most {LongestUrl} characters"));
        }

        return problems;
    }

    private static bool IsCallbackUrl(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) && url.AbsoluteUri.Length <= LongestUrl;

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex ClientNumber();

    [GeneratedRegex("^[A-Za-z0-9]{6,30}$")]
    private static partial Regex DebtReference();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();
}

/// <summary>One rule a payment request breaks: the PayFiP field, the code PayFiP would answer (when the sources give one), why.</summary>
public sealed record PaymentRequestProblem(string Field, string? PayFipCode, string Reason)
{
    public override string ToString() => PayFipCode is null ? $"{Field}: {Reason}" : $"{Field} ({PayFipCode}): {Reason}";
}

/// <summary>A payment request PayFiP would refuse; no call was made.</summary>
public sealed class InvalidPaymentRequestException : ArgumentException
{
    public InvalidPaymentRequestException(IReadOnlyList<PaymentRequestProblem> problems)
        : base("The payment request breaks PayFiP's rules: " + string.Join("; ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    public InvalidPaymentRequestException()
        : this([])
    {
    }

    public InvalidPaymentRequestException(string message)
        : base(message)
    {
        Problems = [];
    }

    public InvalidPaymentRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public IReadOnlyList<PaymentRequestProblem> Problems { get; }
}
