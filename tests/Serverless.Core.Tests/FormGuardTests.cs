using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Edge;
using Serverless.Core.Submission;

namespace Serverless.Core.Tests;

/// <summary>The robot checks of the HTML forms: honeypot and minimum fill time.</summary>
public sealed class FormGuardTests
{
    private static readonly DateTimeOffset Shown = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly FixedClock clock = new(Shown);

    private FormGuard Guard() => new(
        Options.Create(new CitizenAccessOptions { Key = Convert.ToBase64String(new byte[32]) }),
        Options.Create(new AbuseOptions { MinimumFillTime = TimeSpan.FromSeconds(3) }),
        clock);

    private static RawSubmission Form(params (string Name, string Value)[] fields) =>
        new(fields.ToDictionary(field => field.Name, field => field.Value), []);

    [Fact]
    public void Check_HoneypotFilledIn_IsRefused()
    {
        var refusal = Assert.Throws<RequestRefusedException>(() => Guard().Check(Form((FormGuard.HoneypotField, "https://spam.example"))));

        Assert.Equal("form-rejected", refusal.Type);
    }

    [Fact]
    public void Check_PostedOneSecondAfterShown_IsTooFast()
    {
        var guard = Guard();
        var stamp = guard.Issue();
        clock.Now = Shown.AddSeconds(1);

        var refusal = Assert.Throws<RequestRefusedException>(() => guard.Check(Form((FormGuard.IssuedField, stamp), (FormGuard.HoneypotField, string.Empty))));

        Assert.Equal("sent-too-fast", refusal.Type);
    }

    [Fact]
    public void Check_PostedTenSecondsAfterShown_Passes()
    {
        var guard = Guard();
        var stamp = guard.Issue();
        clock.Now = Shown.AddSeconds(10);

        guard.Check(Form((FormGuard.IssuedField, stamp), (FormGuard.HoneypotField, string.Empty)));
    }

    [Fact]
    public void Check_StampWithAnEarlierTimeButTheSameMac_IsRefused()
    {
        var guard = Guard();
        var stamp = guard.Issue();
        clock.Now = Shown.AddSeconds(10);
        var forged = (Shown.ToUnixTimeSeconds() - 60) + stamp[stamp.IndexOf('.', StringComparison.Ordinal)..];

        var refusal = Assert.Throws<RequestRefusedException>(() => guard.Check(Form((FormGuard.IssuedField, forged))));

        Assert.Equal("form-rejected", refusal.Type);
    }

    [Fact]
    public void Check_NoStamp_IsNotTimed()
    {
        Guard().Check(Form(("childFirstName", "Léa")));
    }
}
