using Microsoft.Extensions.Primitives;
using Serverless.Core.Payments.PayFip;

namespace Serverless.Core.Tests.Payments;

public sealed class PayFipNotificationTests
{
    private const string IdOp = "81bdf4c0-8edb-11e5-99d5-00000a634c44";

    [Theory]
    [InlineData("idOp=" + IdOp)]
    [InlineData("idop=" + IdOp)]
    [InlineData("IDOP=" + IdOp)]
    [InlineData("idOp=" + IdOp + "&idop=" + IdOp)]
    [InlineData("resultrans=P&idOp=" + IdOp + "&montant=1")]
    public void TryReadIdOp_FormBody_TheIdOpOnly(string body)
    {
        Assert.True(PayFipNotification.TryReadIdOp(body, out var idOp));
        Assert.Equal(IdOp, idOp);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("resultrans=P")]
    [InlineData("idOp=")]
    [InlineData("idOp=a&idop=b")]
    [InlineData("idOp=abc%26x%3D1")]
    [InlineData("idOp=%3Cscript%3E")]
    public void TryReadIdOp_NoSingleWellFormedIdOp_False(string? body)
    {
        Assert.False(PayFipNotification.TryReadIdOp(body, out var idOp));
        Assert.Empty(idOp);
    }

    [Fact]
    public void TryReadIdOp_BodyLargerThanANotification_False()
    {
        Assert.False(PayFipNotification.TryReadIdOp("idOp=" + IdOp + "&x=" + new string('x', 5000), out _));
    }

    [Fact]
    public void TryReadIdOp_ParsedFields_SameRules()
    {
        var form = new Dictionary<string, StringValues> { ["idOp"] = IdOp, ["resultrans"] = "P" };

        Assert.True(PayFipNotification.TryReadIdOp(form, out var idOp));
        Assert.Equal(IdOp, idOp);
        Assert.False(PayFipNotification.TryReadIdOp(new Dictionary<string, StringValues> { ["idOp"] = new(["a", "b"]) }, out _));
    }
}
