using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.Core.Webhooks;

/// <summary>
/// Standard Webhooks signatures: HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c> with the secret's
/// bytes (the base64 after <c>whsec_</c>), written <c>v1,{base64}</c>; several secrets give several signatures,
/// space-separated, so a receiver that knows either the old or the new secret accepts the delivery during rotation.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>The specification asks for secrets of 24 to 64 random bytes.</summary>
    public const int MinimumSecretBytes = 24;

    public const int MaximumSecretBytes = 64;

    public static string Header(string messageId, DateTimeOffset timestamp, string body, IEnumerable<byte[]> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var content = Encoding.UTF8.GetBytes($"{messageId}.{Timestamp(timestamp)}.{body}");
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(secret, content))));
    }

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The secret's bytes, or null with the reason when the setting is not a usable <c>whsec_</c> secret.</summary>
    public static byte[]? Decode(string? value, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(value) || !value.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            problem = $"is not of the form {SecretPrefix}<base64>";
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(value[SecretPrefix.Length..]);
            if (bytes.Length is < MinimumSecretBytes or > MaximumSecretBytes)
            {
                problem = $"holds {bytes.Length} bytes; use {MinimumSecretBytes} to {MaximumSecretBytes} random bytes";
                return null;
            }

            return bytes;
        }
        catch (FormatException)
        {
            problem = $"is not valid base64 after {SecretPrefix}";
            return null;
        }
    }
}
