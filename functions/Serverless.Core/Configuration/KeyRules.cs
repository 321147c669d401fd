namespace Serverless.Core.Configuration;

/// <summary>What a secret key setting must be: base64, at least 32 bytes, and not one of the sample's published keys.</summary>
internal static class KeyRules
{
    public static string? Problem(string setting, string? value, bool development)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{setting} is not set: give it a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`).";
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return $"{setting} is not valid base64.";
        }

        if (bytes.Length < 32)
        {
            return $"{setting} is {bytes.Length} bytes long; it must be at least 32 bytes.";
        }

        return !development && SampleKeys.All.Contains(value)
            ? $"{setting} is the published key of local.settings.sample.json: outside Development, generate a key of your own (`openssl rand -base64 32`)."
            : null;
    }
}
