using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Serverless.Core.Applications;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Tokens;
using Serverless.Core.Transparency;
using Serverless.Platform.Configuration;

namespace Serverless.Core.Tests;

/// <summary>Settings are checked at start-up, one line per problem; the sample's published keys work in Development only.</summary>
public sealed class StartupValidationTests
{
    private static readonly string RealKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(value => (byte)value).ToArray());

    private static readonly string OtherKey = Convert.ToBase64String(Enumerable.Range(101, 32).Select(value => (byte)value).ToArray());

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
    public void CitizenAccessValidator_ActiveKeyIdNotListed_FailsNamingTheMissingSetting()
    {
        var options = new CitizenAccessOptions { ActiveKeyId = "k2", Keys = new() { ["k1"] = RealKey } };

        var result = new CitizenAccessOptionsValidator(Environment(Environments.Production)).Validate(null, options);

        Assert.Contains("CitizenAccess__ActiveKeyId is 'k2' but there is no CitizenAccess__Keys__k2", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void CitizenAccessValidator_KeysWithoutActiveKeyId_FailsListingTheIds()
    {
        var options = new CitizenAccessOptions { Keys = new() { ["k1"] = RealKey, ["k2"] = OtherKey } };

        var line = Assert.Single(new CitizenAccessOptionsValidator(Environment(Environments.Production)).Validate(null, options).Failures!);

        Assert.StartsWith("CitizenAccess__ActiveKeyId is not set", line, StringComparison.Ordinal);
        Assert.Contains("k1, k2", line, StringComparison.Ordinal);
    }

    [Fact]
    public void CitizenAccessValidator_EveryBadListedKey_IsOneLineNamingItsSetting()
    {
        var options = new CitizenAccessOptions { ActiveKeyId = "k3", Keys = new() { ["k1"] = "not base64!", ["k2"] = "AAAA", ["k3"] = RealKey } };

        var failures = new CitizenAccessOptionsValidator(Environment(Environments.Production)).Validate(null, options).Failures!.ToList();

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, line => line.StartsWith("CitizenAccess__Keys__k1 is not valid base64", StringComparison.Ordinal));
        Assert.Contains(failures, line => line.StartsWith("CitizenAccess__Keys__k2 is 3 bytes long; it must be at least 32 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void CitizenAccessValidator_OlderSingleKeyNotAmongTheListedKeys_FailsSayingToListItAsK1()
    {
        var options = new CitizenAccessOptions { Key = OtherKey, ActiveKeyId = "k2", Keys = new() { ["k2"] = RealKey } };

        var line = Assert.Single(new CitizenAccessOptionsValidator(Environment(Environments.Production)).Validate(null, options).Failures!);

        Assert.Contains("CitizenAccess__Key is set but is none of CitizenAccess__Keys__<id>", line, StringComparison.Ordinal);
        Assert.Contains("CitizenAccess__Keys__k1", line, StringComparison.Ordinal);
    }

    [Fact]
    public void CitizenAccessValidator_KeyIdsWithTheOlderSingleKeyListed_Succeeds()
    {
        var options = new CitizenAccessOptions { Key = OtherKey, ActiveKeyId = "k2", Keys = new() { ["k1"] = OtherKey, ["k2"] = RealKey } };

        Assert.True(new CitizenAccessOptionsValidator(Environment(Environments.Production)).Validate(null, options).Succeeded);
    }

    [Fact]
    public void CitizenAccessValidator_SingleKeyWithAnotherActiveKeyId_FailsSayingWhichKeyIsMissing()
    {
        var options = new CitizenAccessOptions { Key = RealKey, ActiveKeyId = "k2" };

        var line = Assert.Single(new CitizenAccessOptionsValidator(Environment(Environments.Production)).Validate(null, options).Failures!);

        Assert.Contains("no CitizenAccess__Keys__k2 is set", line, StringComparison.Ordinal);
    }

    [Fact]
    public void CitizenAccessValidator_NothingSet_SaysToSetAKeyWithAnId()
    {
        var line = Assert.Single(new CitizenAccessOptionsValidator(Environment(Environments.Production)).Validate(null, new CitizenAccessOptions()).Failures!);

        Assert.StartsWith("CitizenAccess__Keys__<id> is not set: give CitizenAccess__Keys__k1", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TransparencyValidator_NothingSetOrOnlyEmptyNames_SucceedsWithTheDevelopmentKey()
    {
        var validator = new TransparencyOptionsValidator(Environment(Environments.Production));

        Assert.True(validator.Validate(null, new TransparencyOptions()).Succeeded);
        Assert.True(validator.Validate(null, new TransparencyOptions { SigningKeys = new() { ["k1"] = string.Empty } }).Succeeded);
    }

    [Fact]
    public void TransparencyValidator_ActiveKeyIdNotListedAndAShortKey_FailsWithOneLineEach()
    {
        var options = new TransparencyOptions { ActiveKeyId = "k3", SigningKeys = new() { ["k1"] = RealKey, ["k2"] = "AAAA" } };

        var failures = new TransparencyOptionsValidator(Environment(Environments.Production)).Validate(null, options).Failures!.ToList();

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, line => line.StartsWith("Transparency__ActiveKeyId is 'k3' but there is no Transparency__SigningKeys__k3", StringComparison.Ordinal));
        Assert.Contains(failures, line => line.StartsWith("Transparency__SigningKeys__k2 is 3 bytes long", StringComparison.Ordinal));
    }

    [Fact]
    public void TransparencyValidator_RotatedKeysWithTheOlderSingleKeyListed_Succeeds()
    {
        var options = new TransparencyOptions { SigningKey = RealKey, ActiveKeyId = "k2", SigningKeys = new() { ["k1"] = RealKey, ["k2"] = OtherKey } };

        Assert.True(new TransparencyOptionsValidator(Environment(Environments.Production)).Validate(null, options).Succeeded);
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
        var keys = new[] { values.GetProperty("ReviewTokens__Keys__local1").GetString()!, values.GetProperty("CitizenAccess__Keys__k1").GetString()! };

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
