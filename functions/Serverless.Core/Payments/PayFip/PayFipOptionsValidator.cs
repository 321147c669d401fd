using Microsoft.Extensions.Options;

namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// Refuses, at start-up, settings that would send a payment somewhere it should not go: both addresses absolute, and
/// HTTPS unless the host is a loopback address (the local simulator). Card payments must never cross the network in
/// clear, and an idOp in a plain-HTTP link could be read or changed on the way.
/// </summary>
public sealed class PayFipOptionsValidator : IValidateOptions<PayFipOptions>
{
    public static readonly TimeSpan ShortestTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestTimeout = TimeSpan.FromSeconds(60);

    public ValidateOptionsResult Validate(string? name, PayFipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        CheckAddress(options.ServiceUrl, "PayFip__ServiceUrl", failures);
        CheckAddress(options.PaymentPageUrl, "PayFip__PaymentPageUrl", failures);
        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add("PayFip__Mode must be Test, Activation or Production.");
        }

        if (options.RequestTimeout < ShortestTimeout || options.RequestTimeout > LongestTimeout)
        {
            failures.Add($"PayFip__RequestTimeout must be between {ShortestTimeout} and {LongestTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckAddress(string value, string setting, List<string> failures)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{setting} must be an absolute https address (it is '{value}').");
            return;
        }

        if (address.Scheme != Uri.UriSchemeHttps && !address.IsLoopback)
        {
            failures.Add($"{setting} must use https: only a loopback address (the local PayFiP) may use http.");
        }

        if (!string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment))
        {
            failures.Add($"{setting} must have no query or fragment.");
        }
    }
}
