using System.Net.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Tokens;
using Serverless.Core.Transparency;
using Serverless.Platform.Configuration;
using Serverless.Platform.Email;

namespace Serverless.Core;

/// <summary>Review-link keys: an active key id that has a key, and every key a real one.</summary>
public sealed class ReviewTokenOptionsValidator(IHostEnvironment environment) : IValidateOptions<ReviewTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, ReviewTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ActiveKeyId))
        {
            problems.Add("ReviewTokens__ActiveKeyId is not set: name the key that signs new review links.");
        }
        else if (!options.Keys.ContainsKey(options.ActiveKeyId))
        {
            problems.Add($"ReviewTokens__ActiveKeyId is '{options.ActiveKeyId}' but there is no ReviewTokens__Keys__{options.ActiveKeyId}.");
        }

        problems.AddRange(options.Keys.Select(key => KeyRules.Problem($"ReviewTokens__Keys__{key.Key}", key.Value, environment.IsDevelopment())).OfType<string>());
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>
/// The keys citizens' access codes derive from: either key ids (<c>CitizenAccess__ActiveKeyId</c> naming one of
/// <c>CitizenAccess__Keys__&lt;id&gt;</c>) or, as before key ids, the single <c>CitizenAccess__Key</c> (key id k1).
/// </summary>
public sealed class CitizenAccessOptionsValidator(IHostEnvironment environment) : IValidateOptions<CitizenAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, CitizenAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = KeyIdRules.Problems(
            "CitizenAccess",
            "ActiveKeyId",
            "Keys",
            "Key",
            options.ActiveKeyId,
            options.Keys,
            options.Key,
            "derives the access codes of new applications",
            environment.IsDevelopment());
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>The public address written into e-mails and QR codes: outside Development it must be said, not guessed.</summary>
public sealed class PublicUrlOptionsValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<PublicUrlOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicUrlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!environment.IsDevelopment() && string.IsNullOrWhiteSpace(configuration["PublicBaseUrl"]))
        {
            return ValidateOptionsResult.Fail("PublicBaseUrl is not set: outside Development, give the app's public address (e.g. https://services.mairie-exemple.fr); e-mail links and QR codes use it.");
        }

        return Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"PublicBaseUrl '{options.PublicBaseUrl}' is not an absolute http(s) address.");
    }
}

/// <summary>The SMTP relay: somewhere to connect to, and a sender address.</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            problems.Add("Smtp__Host is not set.");
        }

        if (options.Port is < 1 or > 65535)
        {
            problems.Add($"Smtp__Port {options.Port} is not a TCP port (1–65535).");
        }

        if (!MailAddress.TryCreate(options.FromAddress, out _))
        {
            problems.Add($"Smtp__FromAddress '{options.FromAddress}' is not an e-mail address.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>
/// The checkpoints' signing keys: none at all (a development key is generated), key ids (<c>Transparency__ActiveKeyId</c>
/// naming one of <c>Transparency__SigningKeys__&lt;id&gt;</c>), or the single <c>Transparency__SigningKey</c> (key id k1).
/// </summary>
public sealed class TransparencyOptionsValidator(IHostEnvironment environment) : IValidateOptions<TransparencyOptions>
{
    public ValidateOptionsResult Validate(string? name, TransparencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        // All empty is allowed: a development key is generated on first use (LogSigningKey).
        if (KeyIdRules.Listed(options.SigningKeys).Count > 0 || !string.IsNullOrWhiteSpace(options.SigningKey) || !string.IsNullOrWhiteSpace(options.ActiveKeyId))
        {
            problems.AddRange(KeyIdRules.Problems(
                "Transparency",
                "ActiveKeyId",
                "SigningKeys",
                "SigningKey",
                options.ActiveKeyId,
                options.SigningKeys,
                options.SigningKey,
                "signs new checkpoints",
                environment.IsDevelopment()));
        }

        if (options.CheckpointInterval <= TimeSpan.Zero || options.TimestampInterval <= TimeSpan.Zero)
        {
            problems.Add("Transparency__CheckpointInterval and Transparency__TimestampInterval must be positive.");
        }

        if (!string.IsNullOrEmpty(options.TimestampAuthorityUrl) && !(Uri.TryCreate(options.TimestampAuthorityUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            problems.Add($"Transparency__TimestampAuthorityUrl '{options.TimestampAuthorityUrl}' is not an absolute http(s) address.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
