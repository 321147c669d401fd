using System.Net.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Notifications;
using Serverless.Core.Review;
using Serverless.Core.Transparency;

namespace Serverless.Core.Configuration;

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

/// <summary>The key citizens' access codes derive from.</summary>
public sealed class CitizenAccessOptionsValidator(IHostEnvironment environment) : IValidateOptions<CitizenAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, CitizenAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return KeyRules.Problem("CitizenAccess__Key", options.Key, environment.IsDevelopment()) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
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

/// <summary>The checkpoints' signing key: empty (a development key is generated) or a real key.</summary>
public sealed class TransparencyOptionsValidator(IHostEnvironment environment) : IValidateOptions<TransparencyOptions>
{
    public ValidateOptionsResult Validate(string? name, TransparencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (!string.IsNullOrEmpty(options.SigningKey) && KeyRules.Problem("Transparency__SigningKey", options.SigningKey, environment.IsDevelopment()) is { } problem)
        {
            problems.Add(problem);
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
