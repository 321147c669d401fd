using Serverless.Core.Payments.PayFip;

namespace Serverless.Core.Tests.Payments;

public sealed class PaymentLabelTests
{
    [Theory]
    [InlineData("Cantine — mars (école Jules-Ferry)", "Cantine mars ecole Jules Ferry")]
    [InlineData("Cœur de l'été : garderie n°12", "Coeur de l ete garderie n 12")]
    [InlineData("  Médiathèque\tadhésion  2027 ", "Mediatheque adhesion 2027")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalize_FrenchLabel_LettersDigitsAndSingleSpaces(string? label, string expected)
    {
        Assert.Equal(expected, PaymentLabel.Normalize(label));
    }

    [Fact]
    public void Normalize_LongLabel_CutAtOneHundredCharactersWithoutTrailingSpace()
    {
        var normalized = PaymentLabel.Normalize(string.Join(' ', Enumerable.Repeat("périscolaire", 20)));

        Assert.True(normalized.Length <= PaymentLabel.MaxLength);
        Assert.False(normalized.EndsWith(' '));
        Assert.StartsWith("periscolaire periscolaire", normalized, StringComparison.Ordinal);
    }
}
