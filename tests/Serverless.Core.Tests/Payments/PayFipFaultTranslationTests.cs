using System.ServiceModel;
using Serverless.Core.Payments.PayFip;
using Serverless.Core.Payments.PayFip.Wire;

namespace Serverless.Core.Tests.Payments;

public sealed class PayFipFaultTranslationTests
{
    private static async Task<PayFipException> Translated(Exception thrown) =>
        await Assert.ThrowsAsync<PayFipException>(() => PayFipFaultTranslation.Call<int>(() => throw thrown));

    [Fact]
    public async Task Call_FonctionnelleErreur_RefusedWithPayFipsCodeAndWording()
    {
        var failure = await Translated(new FaultException<FonctionnelleErreur>(new FonctionnelleErreur { Code = "P1", Libelle = "IdOp incorrect.", Severite = 2 }, "fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur"));

        Assert.Equal(PayFipFailure.Refused, failure.Failure);
        Assert.Equal("P1", failure.Code);
        Assert.Equal("IdOp incorrect.", failure.Wording);
        Assert.False(failure.IsTransient);
        Assert.Equal("PayFiP answered P1 (Refused): IdOp incorrect.", failure.Message);
    }

    [Fact]
    public async Task Call_TechnicalFaults_KindOfEachAndTransientWhenTheyPass()
    {
        Assert.Equal(PayFipFailure.Malfunction, (await Translated(new FaultException<TechDysfonctionnementErreur>(new TechDysfonctionnementErreur { Code = "999" }))).Failure);
        var unavailable = await Translated(new FaultException<TechIndisponibiliteErreur>(new TechIndisponibiliteErreur()));
        Assert.Equal(PayFipFailure.Unavailable, unavailable.Failure);
        Assert.True(unavailable.IsTransient);
        Assert.Null(unavailable.Code);
        Assert.Equal(PayFipFailure.Protocol, (await Translated(new FaultException<TechProtocolaireErreur>(new TechProtocolaireErreur()))).Failure);
        Assert.Equal(PayFipFailure.Protocol, (await Translated(new FaultException("soap:Client"))).Failure);
    }

    [Fact]
    public async Task Call_NoAnswer_UnreachableAndTransient()
    {
        foreach (var thrown in new Exception[] { new TimeoutException(), new EndpointNotFoundException("no listener"), new CommunicationException() })
        {
            var failure = await Translated(thrown);
            Assert.Equal(PayFipFailure.Unreachable, failure.Failure);
            Assert.True(failure.IsTransient);
            Assert.Same(thrown, failure.InnerException);
        }

        Assert.Equal(PayFipFailure.Protocol, (await Translated(new ProtocolException("text/html"))).Failure);
    }

    [Fact]
    public async Task Call_OtherExceptions_NotTranslated()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => PayFipFaultTranslation.Call<int>(() => throw new InvalidOperationException()));
    }
}
