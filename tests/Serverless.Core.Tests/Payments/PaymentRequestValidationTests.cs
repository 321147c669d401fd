using Serverless.Core.Payments.PayFip;

namespace Serverless.Core.Tests.Payments;

public sealed class PaymentRequestValidationTests
{
    internal static PaymentRequest Valid() => new(
        ClientNumber: "990001",
        Year: 2027,
        DebtReference: "CAN2027000123",
        AmountInCents: 1500,
        PayerEmail: "claire.martin@example.org",
        Label: "Cantine mars 2027",
        NotificationUrl: new Uri("https://mairie.example.fr/api/payments/payfip/notification"),
        ReturnUrl: new Uri("https://mairie.example.fr/api/payments/return"));

    [Fact]
    public void Problems_ValidRequest_None()
    {
        Assert.Empty(PaymentRequestValidation.Problems(Valid()));
    }

    public static TheoryData<string, string, string?> Broken => new()
    {
        { "numcli 5 digits", "numcli", "T1" },
        { "numcli letters", "numcli", "T1" },
        { "exer 2 digits", "exer", null },
        { "refdet 5 characters", "refdet", "R3" },
        { "refdet 31 characters", "refdet", "R3" },
        { "refdet hyphen", "refdet", "R3" },
        { "montant 99 cents", "montant", "M3" },
        { "montant zero", "montant", "M3" },
        { "montant 100 000 euros", "montant", "M5" },
        { "mel empty", "mel", "A1" },
        { "mel without at", "mel", "A2" },
        { "mel 81 characters", "mel", "A2" },
        { "urlnotif ftp", "urlnotif", "N1" },
        { "urlnotif 251 characters", "urlnotif", "N1" },
        { "urlredirect relative", "urlredirect", "D1" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Problems_RuleBroken_NamesTheFieldAndPayFipsCode(string scenario, string field, string? code)
    {
        var request = scenario switch
        {
            "numcli 5 digits" => Valid() with { ClientNumber = "99001" },
            "numcli letters" => Valid() with { ClientNumber = "99A001" },
            "exer 2 digits" => Valid() with { Year = 27 },
            "refdet 5 characters" => Valid() with { DebtReference = "CAN27" },
            "refdet 31 characters" => Valid() with { DebtReference = new string('A', 31) },
            "refdet hyphen" => Valid() with { DebtReference = "CAN-2027-0001" },
            "montant 99 cents" => Valid() with { AmountInCents = 99 },
            "montant zero" => Valid() with { AmountInCents = 0 },
            "montant 100 000 euros" => Valid() with { AmountInCents = 10_000_000 },
            "mel empty" => Valid() with { PayerEmail = " " },
            "mel without at" => Valid() with { PayerEmail = "claire.example.org" },
            "mel 81 characters" => Valid() with { PayerEmail = new string('c', 69) + "@example.org" },
            "urlnotif ftp" => Valid() with { NotificationUrl = new Uri("ftp://mairie.example.fr/notification") },
            "urlnotif 251 characters" => Valid() with { NotificationUrl = new Uri("https://mairie.example.fr/" + new string('n', 225)) },
            "urlredirect relative" => Valid() with { ReturnUrl = new Uri("/api/payments/return", UriKind.Relative) },
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        var problem = Assert.Single(PaymentRequestValidation.Problems(request));
        Assert.Equal(field, problem.Field);
        Assert.Equal(code, problem.PayFipCode);
    }

    [Fact]
    public void Problems_Limits_OneEuroAndThirtyCharactersAccepted()
    {
        Assert.Empty(PaymentRequestValidation.Problems(Valid() with { AmountInCents = 100, DebtReference = new string('Z', 30) }));
        Assert.Empty(PaymentRequestValidation.Problems(Valid() with { AmountInCents = 9_999_999, DebtReference = "ABC123" }));
    }

    [Fact]
    public void InvalidPaymentRequestException_Message_NamesFieldsNeverTheValues()
    {
        var request = Valid() with { PayerEmail = "claire.martin.example.org", DebtReference = "X" };

        var exception = new InvalidPaymentRequestException(PaymentRequestValidation.Problems(request));

        Assert.Contains("mel (A2)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("refdet (R3)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("claire", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, exception.Problems.Count);
    }
}
