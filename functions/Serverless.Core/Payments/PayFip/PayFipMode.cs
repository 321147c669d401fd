namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// How PayFiP takes a payment (its <c>saisie</c> field). A régie tests with <see cref="Test"/> (no account is debited),
/// makes its first real payments with <see cref="Activation"/> when its accountant asks for them, then goes to
/// <see cref="Production"/> (docs/PAYMENTS.md).
/// </summary>
public enum PayFipMode
{
    Test,
    Activation,
    Production,
}

/// <summary>The <c>saisie</c> value of each mode.</summary>
public static class PayFipModes
{
    public static string Saisie(PayFipMode mode) => mode switch
    {
        PayFipMode.Test => "T",
        PayFipMode.Activation => "X",
        PayFipMode.Production => "W",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown PayFiP mode."),
    };

    /// <summary>A régie's mode as the catalogue writes it ("test", "activation", "production"); null for none.</summary>
    public static PayFipMode? Parse(string? catalogueMode) => catalogueMode switch
    {
        "test" => PayFipMode.Test,
        "activation" => PayFipMode.Activation,
        "production" => PayFipMode.Production,
        null => null,
        _ => throw new ArgumentOutOfRangeException(nameof(catalogueMode), catalogueMode, "Unknown PayFiP mode (the catalogue's schema allows test, activation, production)."),
    };
}
