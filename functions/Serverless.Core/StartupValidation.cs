using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Tokens;
using Serverless.Core.Transparency;
using Serverless.Platform.Configuration;
using Serverless.Platform.Email;

namespace Serverless.Core;

public static class StartupValidation
{
    /// <summary>Checks the settings when the host starts (not at the first request that needs them).</summary>
    public static IServiceCollection AddStartupValidation(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ReviewTokenOptions>, ReviewTokenOptionsValidator>();
        services.AddSingleton<IValidateOptions<CitizenAccessOptions>, CitizenAccessOptionsValidator>();
        services.AddSingleton<IValidateOptions<PublicUrlOptions>, PublicUrlOptionsValidator>();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddSingleton<IValidateOptions<TransparencyOptions>, TransparencyOptionsValidator>();
        services.AddOptions<ReviewTokenOptions>().ValidateOnStart();
        services.AddOptions<CitizenAccessOptions>().ValidateOnStart();
        services.AddOptions<PublicUrlOptions>().ValidateOnStart();
        services.AddOptions<SmtpOptions>().ValidateOnStart();
        services.AddOptions<TransparencyOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<Webhooks.WebhookOptions>, Webhooks.WebhookOptionsValidator>();
        services.AddOptions<Webhooks.WebhookOptions>().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// True for what ValidateOnStart throws: an <see cref="OptionsValidationException"/>, or several of them in an
    /// <see cref="AggregateException"/>.
    /// </summary>
    public static bool IsValidationFailure(Exception exception) =>
        exception is OptionsValidationException
        || (exception is AggregateException aggregate && aggregate.InnerExceptions.All(inner => inner is OptionsValidationException));

    /// <summary>One line per problem, for a console or a log: what is wrong and how to fix it.</summary>
    public static IEnumerable<string> Lines(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        IEnumerable<Exception> failures = exception is AggregateException aggregate ? aggregate.InnerExceptions : [exception];
        return failures.OfType<OptionsValidationException>().SelectMany(failure => failure.Failures).Select(failure => "Configuration: " + failure);
    }
}
