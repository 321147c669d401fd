using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Serverless.Core.Applications;
using Serverless.Core.Configuration;
using Serverless.Core.Review;

namespace Serverless.Core.Tests;

/// <summary>Settings are checked at start-up, one line per problem; the sample's published keys work in Development only.</summary>
public sealed class StartupValidationTests
{
    private static readonly string RealKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(value => (byte)value).ToArray());

    private static TestEnvironment Environment(string name) => new(name);

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value))).Build();

    [Fact]
    public void CitizenAccessValidator_SampleKeyInProduction_FailsWithOneLineSayingHowToFix()
    {
        var result = new CitizenAccessOptionsValidator(Environment(Environments.Production)).Validate(null, new CitizenAccessOptions { Key = SampleKeys.All.First() });

        var line = Assert.Single(result.Failures!);
        Assert.Contains("published key of local.settings.sample.json", line, StringComparison.Ordinal);
    }

    [Fact]
    public void CitizenAccessValidator_SampleKeyInDevelopment_Succeeds()
    {
        Assert.True(new CitizenAccessOptionsValidator(Environment(Environments.Development)).Validate(null, new CitizenAccessOptions { Key = SampleKeys.All.First() }).Succeeded);
    }

    [Theory]
    [InlineData("", "is not set")]
    [InlineData("not base64!", "not valid base64")]
    [InlineData("AAAA", "at least 32 bytes")]
    public void CitizenAccessValidator_BadKey_SaysWhatIsWrong(string key, string expected)
    {
        var result = new CitizenAccessOptionsValidator(Environment(Environments.Production)).Validate(null, new CitizenAccessOptions { Key = key });

        Assert.Contains(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewTokenValidator_ActiveKeyWithoutKey_FailsNamingTheSetting()
    {
        var options = new ReviewTokenOptions { ActiveKeyId = "k2", Keys = new() { ["k1"] = RealKey } };

        var result = new ReviewTokenOptionsValidator(Environment(Environments.Production)).Validate(null, options);

        Assert.Contains("ReviewTokens__Keys__k2", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void PublicUrlValidator_NotSetInProduction_Fails()
    {
        var result = new PublicUrlOptionsValidator(Environment(Environments.Production), Configuration()).Validate(null, new PublicUrlOptions());

        Assert.Contains("PublicBaseUrl is not set", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void PublicUrlValidator_SetInProduction_Succeeds()
    {
        var result = new PublicUrlOptionsValidator(Environment(Environments.Production), Configuration(("PublicBaseUrl", "https://services.mairie.example")))
            .Validate(null, new PublicUrlOptions { PublicBaseUrl = "https://services.mairie.example" });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void SampleKeys_AreExactlyTheKeysOfTheSampleSettings()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Serverless.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))!;
        }

        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values");
        var keys = new[] { values.GetProperty("ReviewTokens__Keys__local1").GetString()!, values.GetProperty("CitizenAccess__Key").GetString()! };

        Assert.Equal(keys.Order(), SampleKeys.All.Order());
    }

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
