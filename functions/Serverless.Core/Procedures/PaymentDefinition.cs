using Serverless.Platform.Localization;

namespace Serverless.Core.Procedures;

/// <summary>When a procedure's price is paid (catalogue <c>payment.when</c>).</summary>
public enum PaymentMoment
{
    /// <summary>Before agents see the application: it waits "en attente de paiement" and is handed to them once paid.</summary>
    BeforeReview,

    /// <summary>After the approval: the certificate is released once paid.</summary>
    AfterApproval,
}

/// <summary>
/// A procedure's price (catalogue <c>payment</c>): collected through PayFiP for the commune's régie
/// <see cref="RegieId"/>, computed by the server from the submitted values (<see cref="Price"/>), with the label (PayFiP's <c>objet</c>)
/// PayFiP shows and records, the days the citizen has to pay, and the mentions shown before paying.
/// </summary>
public sealed record PaymentDefinition(string RegieId, PaymentMoment When, Text Label, PriceRule Price, int DeadlineDays, Text Mentions);

/// <summary>
/// A régie de recettes of the commune that collects through PayFiP: its PayFiP client number (<c>numcli</c>), and the
/// commune's role whose agents see its payments in the back office (<see cref="Role"/>; null: the administrator only),
/// and where it stands in PayFiP's onboarding (<see cref="PayFipMode"/>).
/// </summary>
public sealed record RegieDefinition(string Id, string Name, string ClientNumber)
{
    public string? Role { get; init; }

    /// <summary>
    /// "test", "activation" or "production": PayFiP's <c>saisie</c> for this régie's payments, each régie going through
    /// PayFiP's steps on its own; null: the deployment's <c>PayFip:Mode</c>.
    /// </summary>
    public string? PayFipMode { get; init; }
}

/// <summary>How the amount due (in euro cents) follows from the application's values.</summary>
public abstract record PriceRule
{
    /// <summary>The amount due in cents for these values (never what a client says it is).</summary>
    public abstract long AmountFor(IReadOnlyDictionary<string, string> values);
}

/// <summary>One amount for everyone.</summary>
public sealed record FixedPrice(long Cents) : PriceRule
{
    public override long AmountFor(IReadOnlyDictionary<string, string> values) => Cents;
}

/// <summary>An amount per value of a choice field (formule adulte / jeune / étudiant).</summary>
public sealed record PriceByChoice(string Field, IReadOnlyDictionary<string, long> Amounts) : PriceRule
{
    public override long AmountFor(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var chosen = values.GetValueOrDefault(Field) ?? string.Empty;
        return Amounts.TryGetValue(chosen, out var cents)
            ? cents
            : throw new InvalidOperationException($"No price for the value of {Field}: the catalogue's checks make every choice priced.");
    }
}

/// <summary>
/// An amount per family-quotient bracket: the first bracket whose <see cref="QuotientBracket.UpTo"/> is at least the
/// quotient (inclusive), the last one open; no quotient given (the field is optional: "laissez vide pour le tarif plein")
/// takes the last bracket, the full price.
/// </summary>
public sealed record PriceByQuotient(string Field, IReadOnlyList<QuotientBracket> Brackets) : PriceRule
{
    public override long AmountFor(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!decimal.TryParse(values.GetValueOrDefault(Field), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var quotient))
        {
            return Brackets[^1].Cents;
        }

        return Brackets.First(bracket => bracket.UpTo is not { } limit || quotient <= limit).Cents;
    }
}

/// <summary>A bracket: quotients up to <see cref="UpTo"/> (inclusive; null for the last, open bracket) pay <see cref="Cents"/>.</summary>
public sealed record QuotientBracket(decimal? UpTo, long Cents);
