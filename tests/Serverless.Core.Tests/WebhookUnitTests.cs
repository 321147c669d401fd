using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Serverless.Core.Procedures;
using Serverless.Core.Webhooks;
using Serverless.Tests.Fixtures;

namespace Serverless.Core.Tests;

/// <summary>The SSRF guard's address classes: what a commune's endpoint may never make the app call.</summary>
public sealed class DestinationGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", RefusedAddress.Loopback)]
    [InlineData("127.255.0.9", RefusedAddress.Loopback)]
    [InlineData("::1", RefusedAddress.Loopback)]
    [InlineData("10.1.2.3", RefusedAddress.Private)]
    [InlineData("172.16.0.1", RefusedAddress.Private)]
    [InlineData("172.31.255.254", RefusedAddress.Private)]
    [InlineData("192.168.1.10", RefusedAddress.Private)]
    [InlineData("fd12:3456:789a::1", RefusedAddress.Private)]
    [InlineData("fc00::1", RefusedAddress.Private)]
    [InlineData("169.254.169.254", RefusedAddress.LinkLocal)]
    [InlineData("fe80::1", RefusedAddress.LinkLocal)]
    [InlineData("100.64.0.1", RefusedAddress.SharedAddressSpace)]
    [InlineData("100.127.255.255", RefusedAddress.SharedAddressSpace)]
    [InlineData("0.0.0.0", RefusedAddress.Unspecified)]
    [InlineData("::", RefusedAddress.Unspecified)]
    [InlineData("::ffff:127.0.0.1", RefusedAddress.Loopback)]
    [InlineData("::ffff:10.0.0.5", RefusedAddress.Private)]
    [InlineData("64:ff9b::a9fe:a9fe", RefusedAddress.LinkLocal)]
    [InlineData("2002:c0a8:0101::1", RefusedAddress.Private)]
    [InlineData("224.0.0.1", RefusedAddress.Multicast)]
    [InlineData("255.255.255.255", RefusedAddress.Reserved)]
    public void Classify_AddressOutsideThePublicInternet_IsRefused(string address, RefusedAddress expected)
    {
        Assert.Equal(expected, DestinationGuard.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("193.51.24.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.4.4")]
    public void Classify_PublicAddress_IsAllowed(string address)
    {
        Assert.Null(DestinationGuard.Classify(IPAddress.Parse(address)));
    }
}

public sealed class RetryScheduleTests
{
    [Fact]
    public void After_EachFailedAttempt_FollowsTheStandardWebhooksScheduleWithinTenPercent()
    {
        string[] expected = ["00:00:05", "00:05:00", "00:30:00", "02:00:00", "05:00:00", "10:00:00", "14:00:00", "20:00:00", "1.00:00:00"];

        for (var attempt = 1; attempt <= expected.Length; attempt++)
        {
            var nominal = TimeSpan.Parse(expected[attempt - 1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(nominal, RetrySchedule.After(attempt, 1, null, 0.5));
            Assert.Equal(nominal * 0.9, RetrySchedule.After(attempt, 1, null, 0));
            Assert.Equal(nominal * 1.1, RetrySchedule.After(attempt, 1, null, 1));
        }
    }

    [Fact]
    public void After_TenthAttempt_GivesUp()
    {
        Assert.Equal(10, RetrySchedule.MaxAttempts);
        Assert.Null(RetrySchedule.After(10, 1, null, 0.5));
    }

    [Fact]
    public void After_ScaledForTests_ShrinksEveryDelay()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(5), RetrySchedule.After(1, 0.001, null, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(86.4), RetrySchedule.After(9, 0.001, null, 0.5));
    }

    [Fact]
    public void After_RetryAfterLaterThanTheSchedule_WaitsAsLongAsTheReceiverAsked()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), RetrySchedule.After(1, 0.001, TimeSpan.FromSeconds(3), 0.5));
        Assert.Equal(TimeSpan.FromMinutes(5), RetrySchedule.After(2, 1, TimeSpan.FromSeconds(3), 0.5));
        Assert.Equal(TimeSpan.FromHours(24), RetrySchedule.After(1, 1, TimeSpan.FromDays(30), 0.5));
    }
}

public sealed class WebhookSignatureTests
{
    [Fact]
    public void Header_SpecificationTestVector_GivesTheSpecifiedSignature()
    {
        // The test vector of the Standard Webhooks reference libraries.
        var secret = WebhookSignature.Decode("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", out _)!;

        var header = WebhookSignature.Header("msg_p5jXN8AQM9LWM0D4loKWxJek", DateTimeOffset.FromUnixTimeSeconds(1614265330), """{"test": 2432232314}""", [secret]);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", header);
    }

    [Fact]
    public void Header_TwoSecretsDuringRotation_CarriesOneSignaturePerSecret()
    {
        var header = WebhookSignature.Header("evt_1", DateTimeOffset.FromUnixTimeSeconds(1), "{}", [new byte[32], Enumerable.Repeat((byte)7, 32).ToArray()]);

        var signatures = header.Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.All(signatures, signature => Assert.StartsWith("v1,", signature, StringComparison.Ordinal));
        Assert.NotEqual(signatures[0], signatures[1]);
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_AAAA")]
    [InlineData("")]
    public void Decode_NotAUsableSecret_SaysWhy(string value)
    {
        Assert.Null(WebhookSignature.Decode(value, out var problem));
        Assert.NotNull(problem);
    }
}

public sealed class WebhookCatalogueTests : IDisposable
{
    private readonly string folder = FixtureCatalogue.CreateFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string CommuneFile => Path.Combine(folder, "communes", "val-temoin.json");

    private void EditCommune(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(CommuneFile))!.AsObject();
        edit(json);
        File.WriteAllText(CommuneFile, json.ToJsonString());
    }

    private static JsonObject Endpoint(string id, string url, params string[] events) => new()
    {
        ["id"] = id,
        ["url"] = url,
        ["events"] = new JsonArray([.. events.Select(name => (JsonNode)name)]),
        ["secrets"] = new JsonArray("val-temoin-2026", "val-temoin-2027"),
    };

    [Fact]
    public void Load_CommuneWithWebhooks_ReadsUrlEventsAndSecretNames()
    {
        EditCommune(json => json["webhooks"] = new JsonArray(Endpoint("gru", "https://gru.val-temoin.example/hooks", "submitted", "decided", "certificateRevoked")));

        var endpoint = Assert.Single(CatalogueLoader.Load(folder).FindCommune("val-temoin")!.Webhooks);

        Assert.Equal("gru", endpoint.Id);
        Assert.Equal(new Uri("https://gru.val-temoin.example/hooks"), endpoint.Url);
        Assert.Equal([WebhookEventKind.Submitted, WebhookEventKind.Decided, WebhookEventKind.CertificateRevoked], endpoint.Events);
        Assert.Equal(["val-temoin-2026", "val-temoin-2027"], endpoint.SecretNames);
    }

    [Fact]
    public void Load_SameEndpointIdTwice_IsRefused()
    {
        EditCommune(json => json["webhooks"] = new JsonArray(Endpoint("gru", "https://a.example/h", "submitted"), Endpoint("gru", "https://b.example/h", "decided")));

        var error = Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(folder));

        Assert.Contains(error.Problems, problem => problem.Contains("$.webhooks[1].id", StringComparison.Ordinal) && problem.Contains("val-temoin.json", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("url", "ftp://files.example/h")]
    [InlineData("events", "paid")]
    public void Load_InvalidEndpoint_IsRefusedBySchema(string property, string value)
    {
        EditCommune(json =>
        {
            var endpoint = Endpoint("gru", "https://gru.example/h", "submitted");
            endpoint[property] = property == "events" ? new JsonArray(value) : value;
            json["webhooks"] = new JsonArray(endpoint);
        });

        var error = Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(folder));

        Assert.Contains(error.Problems, problem => problem.Contains("$.webhooks[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SecretWrittenInTheCatalogue_IsRefused()
    {
        EditCommune(json =>
        {
            var endpoint = Endpoint("gru", "https://gru.example/h", "submitted");
            endpoint["secrets"] = new JsonArray("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
            json["webhooks"] = new JsonArray(endpoint);
        });

        var error = Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(folder));

        Assert.Contains(error.Problems, problem => problem.Contains("$.webhooks[0].secrets[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SecretNamedByAnEndpointButNotSet_NamesTheSettingToAdd()
    {
        EditCommune(json => json["webhooks"] = new JsonArray(Endpoint("gru", "https://gru.example/h", "submitted")));
        var options = new WebhookOptions { Secrets = { ["val-temoin-2026"] = "whsec_" + Convert.ToBase64String(new byte[32]) } };

        var result = new WebhookOptionsValidator(CatalogueLoader.Load(folder)).Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Webhooks__Secrets__val-temoin-2027 is not set", failure, StringComparison.Ordinal);
    }
}
