using Microsoft.Extensions.Options;
using Serverless.Core.Procedures;

namespace Serverless.Core.Webhooks;

/// <summary>Finds an endpoint's secrets in the settings by the names its catalogue entry gives (the catalogue never holds a secret).</summary>
public sealed class WebhookSecrets(IOptions<WebhookOptions> options)
{
    public IReadOnlyList<byte[]> For(WebhookEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return [.. endpoint.SecretNames.Select(name =>
            WebhookSignature.Decode(options.Value.Secrets.GetValueOrDefault(name), out var problem)
                ?? throw new InvalidOperationException($"Webhooks__Secrets__{name} {problem}."))];
    }
}

/// <summary>At start-up: every secret a commune's endpoint names exists and is a usable <c>whsec_</c> secret.</summary>
public sealed class WebhookOptionsValidator(ProcedureCatalog catalogue) : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var commune in catalogue.Communes)
        {
            foreach (var endpoint in commune.Webhooks)
            {
                foreach (var secret in endpoint.SecretNames)
                {
                    if (!options.Secrets.TryGetValue(secret, out var value))
                    {
                        problems.Add($"Webhooks__Secrets__{secret} is not set: the endpoint '{endpoint.Id}' of the commune '{commune.Id}' signs with it.");
                    }
                    else if (WebhookSignature.Decode(value, out var problem) is null)
                    {
                        problems.Add($"Webhooks__Secrets__{secret} {problem}.");
                    }
                }
            }
        }

        if (options.ScheduleScale is <= 0 or > 1)
        {
            problems.Add($"Webhooks__ScheduleScale is {options.ScheduleScale}: use a factor above 0 and at most 1 (1 in production).");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.AttemptTimeout > TimeSpan.FromMinutes(2))
        {
            problems.Add($"Webhooks__AttemptTimeout is {options.AttemptTimeout}: use a duration above zero and at most 2 minutes.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
