using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Serverless.IntegrationTests.Hosting;

/// <summary>
/// The Functions worker built as Azure starts it: <c>FunctionsWorker.Build</c> (what Program runs) from the Functions
/// app's build output, with the app settings the Bicep template gives the app (identity-based storage, Key Vault
/// references resolved to secrets, Production), then every function class created as the worker creates it for an
/// invocation. A registration missing from the container fails here, not at the first request in Azure.
/// </summary>
public sealed class FunctionsWorkerStartupTests
{
    /// <summary>The Functions app's assembly, which the local host references (it serves the app's HTTP wrappers).</summary>
    private static readonly Lazy<Assembly> FunctionsAssembly = new(() => typeof(Serverless.Functions.FunctionsWorker).Assembly);

    [Fact]
    public void ActivityWrappers_EveryActivityTrigger_TakesAndAnswersItsDeclaredTypes()
    {
        var declared = Serverless.Core.Orchestration.WorkflowActivities.All.ToDictionary(activity => activity.Name, Signature);
        var wrappers = FunctionsAssembly.Value.GetTypes().SelectMany(type => type.GetMethods())
            .Select(method => (Method: method, Trigger: method.GetParameters().SingleOrDefault(parameter => parameter.GetCustomAttributes().Any(attribute => attribute.GetType().Name == "ActivityTriggerAttribute"))))
            .Where(pair => pair.Trigger is not null)
            .ToDictionary(
                pair => FunctionName(pair.Method),
                pair => (Input: pair.Trigger!.ParameterType.FullName!, Output: pair.Method.ReturnType.IsGenericType ? pair.Method.ReturnType.GetGenericArguments()[0].FullName! : "none"));

        Assert.Equal(declared.Keys.Order(), wrappers.Keys.Order());
        Assert.All(declared, pair => Assert.Equal(pair.Value, wrappers[pair.Key]));
    }

    private static string FunctionName(MethodInfo method)
    {
        var function = method.GetCustomAttributes().Single(attribute => attribute.GetType().Name == "FunctionAttribute");
        return (string)function.GetType().GetProperty("Name")!.GetValue(function)!;
    }

    /// <summary>What an activity declaration takes and answers, as a wrapper would write it (no answer: none).</summary>
    private static (string Input, string Output) Signature(Serverless.Core.Orchestration.IActivityDeclaration activity)
    {
        var type = activity.GetType();
        while (!(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Serverless.Core.Orchestration.Activity<,>)))
        {
            type = type.BaseType!;
        }

        var arguments = type.GetGenericArguments();
        return (arguments[0].FullName!, activity.GetType().GetGenericTypeDefinition() == typeof(Serverless.Core.Orchestration.Activity<>) ? "none" : arguments[1].FullName!);
    }

    [Fact]
    public void Build_WithTheSettingsAzureGivesTheApp_CreatesEveryFunctionClassAndPassesStartupValidation()
    {
        using var host = BuildWorker(AzureAppSettings());

        Assert.Equal(Environments.Production, host.Services.GetRequiredService<IHostEnvironment>().EnvironmentName);
        // What ValidateOnStart checks when the host runs: the settings' own rules (keys, addresses, SMTP).
        host.Services.GetService<IStartupValidator>()?.Validate();

        var functionClasses = FunctionsAssembly.Value.GetTypes()
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttributes().Any(attribute => attribute.GetType().Name == "FunctionAttribute")))
            .ToList();
        Assert.True(functionClasses.Count >= 15, $"only {functionClasses.Count} classes with [Function] found");

        var failures = new List<string>();
        foreach (var type in functionClasses.Where(type => !(type.IsAbstract && type.IsSealed)))
        {
            // The worker makes one instance per invocation, from the invocation's scope.
            using var scope = host.Services.CreateScope();
            try
            {
                ActivatorUtilities.CreateInstance(scope.ServiceProvider, type);
            }
            catch (InvalidOperationException exception)
            {
                failures.Add($"{type.Name}: {exception.Message}");
            }
        }

        // The edge middleware resolves these for every HTTP invocation.
        using (var scope = host.Services.CreateScope())
        {
            foreach (var name in new[] { "EdgeGuard", "AbuseLimiter", "CorsEdge" })
            {
                var type = typeof(Serverless.Core.Edge.EdgeGuard).Assembly.GetTypes().Single(candidate => candidate.Name == name);
                if (scope.ServiceProvider.GetService(type) is null)
                {
                    failures.Add($"EdgeMiddleware: {name} is not registered");
                }
            }
        }

        Assert.True(failures.Count == 0, "The worker cannot create:\n" + string.Join('\n', failures));
    }

    [Fact]
    public void Build_WithThePublishedSampleKeys_RefusesToStartInProduction()
    {
        var settings = AzureAppSettings();

        // The key of local.settings.sample.json, as Azure would give it: the active key id's secret under both names.
        settings["CitizenAccess:Key"] = "dgmKiV7FV5laxVc4ByrrIwfyFYWu6F3y/4uzyfBwiVE=";
        settings["CitizenAccess:Keys:k1"] = "dgmKiV7FV5laxVc4ByrrIwfyFYWu6F3y/4uzyfBwiVE=";
        using var host = BuildWorker(settings);

        var refusal = Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.True(Serverless.Core.StartupValidation.IsValidationFailure(refusal), refusal.ToString());
        var line = Assert.Single(Serverless.Core.StartupValidation.Lines(refusal));
        Assert.StartsWith("Configuration: CitizenAccess__Keys__k1 is the published key of local.settings.sample.json", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EntraHeaderTrustedWithoutAppServiceAuthenticationInFront_RefusesToStart()
    {
        var settings = AzureAppSettings();
        settings["BackOffice:TrustAppServiceAuthentication"] = "true";
        using var host = BuildWorker(settings);

        var refusal = Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(Serverless.Core.StartupValidation.Lines(refusal), line => line.Contains("WEBSITE_AUTH_ENABLED", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_EntraHeaderTrustedWithAppServiceAuthenticationInFront_BelievesOnlyACompleteEntraPrincipal()
    {
        var settings = AzureAppSettings();
        settings["BackOffice:TrustAppServiceAuthentication"] = "true";
        settings["WEBSITE_AUTH_ENABLED"] = "True"; // what App Service injects when its authentication module is on
        using var host = BuildWorker(settings);
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        var platform = host.Services.GetRequiredService<Core.BackOffice.AppServiceAuthentication>();

        static Microsoft.AspNetCore.Http.HttpRequest Request(params (string Name, string Value)[] headers)
        {
            var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            foreach (var (name, value) in headers)
            {
                http.Request.Headers[name] = value;
            }

            return http.Request;
        }

        const string agent = "agent.scolaire@saint-exemple.example";
        Assert.Equal(agent, platform.PrincipalName(Request(("X-MS-CLIENT-PRINCIPAL", "e30="), ("X-MS-CLIENT-PRINCIPAL-IDP", "aad"), ("X-MS-CLIENT-PRINCIPAL-NAME", agent))));
        Assert.Null(platform.PrincipalName(Request(("X-MS-CLIENT-PRINCIPAL-NAME", agent))));
        Assert.Null(platform.PrincipalName(Request(("X-MS-CLIENT-PRINCIPAL", "e30="), ("X-MS-CLIENT-PRINCIPAL-IDP", "github"), ("X-MS-CLIENT-PRINCIPAL-NAME", agent))));
    }

    /// <summary>
    /// The app settings of infra/bicep/modules/functionapp.bicep, each with a value of the shape Azure gives it (the
    /// platform resolves Key Vault references before the worker reads them). A setting added to the template without
    /// a value here fails the test.
    /// </summary>
    private static Dictionary<string, string> AzureAppSettings()
    {
        var bicep = File.ReadAllText(Path.Combine(FunctionsAppBuild.RepositoryRoot, "infra", "bicep", "modules", "functionapp.bicep"));
        var block = Regex.Match(bicep, @"var baseSettings = \{(?<body>.*?)\n\}", RegexOptions.Singleline).Groups["body"].Value;

        // The active key ids of the root keys (decision 0010) are a block of their own, merged into the app settings.
        block += Regex.Match(bicep, @"var keyIdSettings = \{(?<body>.*?)\n\}", RegexOptions.Singleline).Groups["body"].Value;
        var names = Regex.Matches(block, @"^\s+(?<name>[A-Za-z_][A-Za-z0-9_]*):", RegexOptions.Multiline).Select(match => match.Groups["name"].Value).ToList();
        Assert.True(names.Count > 40, $"only {names.Count} app settings found in functionapp.bicep");

        string Secret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        // One Key Vault secret per key id; the older single settings reference the active id's secret, so they resolve
        // to the same value.
        var citizenAccessK1 = Secret();
        var transparencyK1 = Secret();
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AzureWebJobsStorage__credential"] = "managedidentity",
            ["AzureWebJobsStorage__clientId"] = "7d3c1f7e-0000-4000-8000-000000000001",
            ["AzureWebJobsStorage__blobServiceUri"] = "https://stcitizenabc123.blob.core.windows.net/",
            ["AzureWebJobsStorage__queueServiceUri"] = "https://stcitizenabc123.queue.core.windows.net/",
            ["AzureWebJobsStorage__tableServiceUri"] = "https://stcitizenabc123.table.core.windows.net/",
            ["TaskHubName"] = "CitizenServicesProd",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-4000-8000-000000000002;IngestionEndpoint=https://francecentral-1.in.applicationinsights.azure.com/",
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "ClientId=7d3c1f7e-0000-4000-8000-000000000001;Authorization=AAD",
            ["Telemetry__Exporter"] = "none",
            ["Telemetry__File"] = string.Empty,
            ["PublicBaseUrl"] = "https://func-citizen-abc123.azurewebsites.net",
            ["Catalogue__Path"] = string.Empty,
            ["Review__ReviewerEmails"] = string.Empty,
            ["Review__DayLength"] = string.Empty,
            ["Review__MaxReminders"] = string.Empty,
            ["Review__LinkLifetime"] = "14.00:00:00",
            ["ReviewTokens__ActiveKeyId"] = "k1",
            ["CitizenAccess__Key"] = citizenAccessK1,
            ["CitizenAccess__ActiveKeyId"] = "k1",
            ["Smtp__Host"] = "smtp.azurecomm.net",
            ["Smtp__Port"] = "587",
            ["Smtp__Security"] = "StartTls",
            ["Smtp__UserName"] = "acs-relay",
            ["Smtp__Password"] = Secret(),
            ["Smtp__FromAddress"] = "ne-pas-repondre@saint-exemple.fr",
            ["Smtp__FromName"] = "Mairie de Saint-Exemple",
            ["Cors__AllowedOrigins"] = "https://www.saint-exemple.fr",
            ["Abuse__SubmissionsPerAddressPerHour"] = string.Empty,
            ["Abuse__SubmissionsPerRecipientPerDay"] = string.Empty,
            ["Abuse__MinimumFillTime"] = "00:00:03",
            ["Abuse__MaximumFormAge"] = "1.00:00:00",
            ["Abuse__LinksPerRecipientPerDay"] = "3",
            ["Abuse__LinksPerClientPerHour"] = "10",
            ["Abuse__LinkRecipientsPerDraft"] = "3",
            ["CertificateSigning__Pfx"] = TestSigningPfx(),
            ["CertificateSigning__PfxPath"] = string.Empty,
            ["CertificateSigning__PfxPassword"] = string.Empty,
            ["CertificateSigning__LocalDirectory"] = string.Empty,
            ["Revocation__LinkLifetime"] = "365.00:00:00",
            ["Transparency__SigningKey"] = transparencyK1,
            ["Transparency__ActiveKeyId"] = "k1",
            ["Transparency__TimestampAuthorityUrl"] = string.Empty,
            ["BackOffice__SignInLinkLifetime"] = "00:15:00",
            ["BackOffice__SessionLifetime"] = "08:00:00",
            ["BackOffice__SignInRequestsPerAddressPerHour"] = "5",
            ["BackOffice__SignInRequestsPerClientPerHour"] = "20",
            ["BackOffice__SignInAnswerTime"] = "00:00:01",
            ["BackOffice__TrustAppServiceAuthentication"] = "false",
            ["BackOffice__DeploymentAdministrators"] = string.Empty,
            ["Workflow__RetryFirstDelay"] = "00:00:10",
            ["Workflow__RetryAttempts"] = "6",
            ["Workflow__IncidentFirstDelay"] = "00:05:00",
            ["Workflow__IncidentMaxDelay"] = "06:00:00",
            ["Recovery__MinimumAge"] = "00:02:00",
            ["Webhooks__ScheduleScale"] = "1",
            ["Webhooks__AttemptTimeout"] = "00:00:15",
            ["Webhooks__AllowLocalDestinations"] = "false",
            ["Retention__MonthLength"] = string.Empty,
            ["Retention__WarningLead"] = "14.00:00:00",
            ["Retention__ErasureLinkLifetime"] = "30.00:00:00",
            ["Retention__WorkflowPurgeGrace"] = "7.00:00:00",
            ["Drafts__DayLength"] = string.Empty,
            ["Drafts__SweepInterval"] = "00:15:00",
            ["Payments__SweepAfter"] = "00:20:00",
            // Signatories' keys in the deployment's vault; no timestamp authority configured.
            ["Signatures__KeyVaultUri"] = "https://kv-citizen-abc123.vault.azure.net/",
            ["Signatures__TimestampAuthorityUrl"] = string.Empty,
            ["Signatures__LocalDirectory"] = string.Empty,
            // FranceConnect not set up yet (the template's default): no citizen sign-in.
            ["FranceConnect__Issuer"] = string.Empty,
            ["FranceConnect__ClientId"] = string.Empty,
            ["FranceConnect__ClientSecret"] = string.Empty,
            ["FranceConnect__Scopes"] = "openid identite_pivot email",
            ["FranceConnect__AcrValues"] = "eidas1",
            ["FranceConnect__SessionLifetime"] = "01:00:00",
            ["FranceConnect__SignInLifetime"] = "00:10:00",
            // PayFiP set up, in test mode: its production addresses, saisie T until the régie is activated.
            ["PayFip__ServiceUrl"] = "https://www.payfip.gouv.fr/tpa/services/securite",
            ["PayFip__PaymentPageUrl"] = "https://www.payfip.gouv.fr/tpa/paiementws.web",
            ["PayFip__Mode"] = "Test",
            ["PayFip__RequestTimeout"] = "00:00:15",
            // API Particulier configured (production address, the token resolved from Key Vault).
            ["ApiParticulier__BaseUrl"] = "https://particulier.api.gouv.fr",
            ["ApiParticulier__Token"] = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLW9mLWEtdGVzdA",
            ["ApiParticulier__Timeout"] = "00:00:10",
        };

        // The platform's own proof that its authentication module is on: never an app setting anyone could set.
        Assert.DoesNotContain("WEBSITE_AUTH_ENABLED", bicep, StringComparison.Ordinal);
        var missing = names.Where(name => !values.ContainsKey(name)).ToList();
        Assert.True(missing.Count == 0, "App settings of functionapp.bicep without an Azure-shaped value in this test: " + string.Join(", ", missing));

        // Set by the platform or by the template's other setting groups (the root keys by id).
        var settings = names.ToDictionary(name => name.Replace("__", ":", StringComparison.Ordinal), name => values[name], StringComparer.OrdinalIgnoreCase);
        settings["ReviewTokens:Keys:k1"] = Secret();
        settings["CitizenAccess:Keys:k1"] = citizenAccessK1;
        settings["Transparency:SigningKeys:k1"] = transparencyK1;
        settings["WEBSITE_HOSTNAME"] = "func-citizen-abc123.azurewebsites.net";
        settings["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        return settings;
    }

    private static IHost BuildWorker(Dictionary<string, string> settings)
    {
        var build = FunctionsAssembly.Value.GetType("Serverless.Functions.FunctionsWorker", throwOnError: true)!
            .GetMethod("Build", BindingFlags.Public | BindingFlags.Static)!;
        string[] args = ["--environment=Production", .. settings.Select(setting => $"--{setting.Key}={setting.Value}")];
        return (IHost)build.Invoke(null, [args])!;
    }

    private static string TestSigningPfx()
    {
        using var key = RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Mairie de Saint-Exemple (test)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12));
    }
}
