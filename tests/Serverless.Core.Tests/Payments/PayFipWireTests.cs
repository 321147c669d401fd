using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.Xml;
using System.Xml.Linq;
using Serverless.Core.Payments.PayFip.Wire;

namespace Serverless.Core.Tests.Payments;

/// <summary>
/// The contract written from PayFiP's WSDL writes and reads the XML the WSDL describes: the wrapper in the service's
/// namespace, an unqualified arg0 / return, unqualified fields in the schema's order. Checked on the messages alone,
/// without a server, against a response written as PayFiP's JAX-WS service writes them.
/// </summary>
public sealed class PayFipWireTests
{
    private static readonly XNamespace Service = PayFipNamespaces.Service;

    private static XElement Body(Message message)
    {
        var envelope = XDocument.Parse(message.ToString());
        return envelope.Root!.Element(XName.Get("Body", "http://schemas.xmlsoap.org/soap/envelope/"))!.Elements().Single();
    }

    [Fact]
    public void CreerPaiementSecurise_Request_WrapperQualifiedFieldsUnqualifiedInSchemaOrder()
    {
        var converter = TypedMessageConverter.Create(typeof(CreerPaiementSecuriseRequestMessage), string.Empty, new XmlSerializerFormatAttribute());
        var request = new CreerPaiementSecuriseRequestMessage
        {
            Arg0 = new CreerPaiementSecuriseRequest
            {
                Exer = "2027", Mel = "claire@example.org", Montant = "1500", Numcli = "990001", Objet = "Cantine mars",
                Refdet = "CAN2027000123", Saisie = "T", Urlnotif = "https://mairie.example.fr/n", Urlredirect = "https://mairie.example.fr/r",
            },
        };

        var body = Body(converter.ToMessage(request, MessageVersion.Soap11));

        Assert.Equal(Service + "creerPaiementSecurise", body.Name);
        var arg0 = Assert.Single(body.Elements());
        Assert.Equal(XName.Get("arg0", string.Empty), arg0.Name);
        Assert.Equal(
            ["exer", "mel", "montant", "numcli", "objet", "refdet", "saisie", "urlnotif", "urlredirect"],
            arg0.Elements().Select(element => element.Name.NamespaceName.Length == 0 ? element.Name.LocalName : element.Name.ToString()));
        Assert.Equal("1500", arg0.Element("montant")!.Value);
    }

    [Fact]
    public void RecupererDetailPaiementSecurise_Request_IdOpUnqualifiedWithACapitalO()
    {
        var converter = TypedMessageConverter.Create(typeof(RecupererDetailPaiementSecuriseRequestMessage), string.Empty, new XmlSerializerFormatAttribute());

        var body = Body(converter.ToMessage(new RecupererDetailPaiementSecuriseRequestMessage { Arg0 = new() { IdOp = "abc-123" } }, MessageVersion.Soap11));

        Assert.Equal(Service + "recupererDetailPaiementSecurise", body.Name);
        Assert.Equal("abc-123", body.Element("arg0")!.Element("idOp")!.Value);
    }

    [Fact]
    public void RecupererDetailPaiementSecurise_JaxWsResponse_EveryFieldRead()
    {
        const string envelope = """
            <S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>
            <ns2:recupererDetailPaiementSecuriseResponse xmlns:ns2="http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService" xmlns:ns3="http://securite.service.tpa.cp.finances.gouv.fr/reponse">
            <return><dattrans>19112015</dattrans><exer>2015</exer><heurtrans>1735</heurtrans><idOp>81bdf4c0-8edb-11e5-99d5-00000a634c44</idOp>
            <mel>payeur@example.org</mel><montant>1500</montant><numauto>A55A</numauto><numcli>006270</numcli><objet>test</objet>
            <refdet>123456789</refdet><resultrans>P</resultrans><saisie>T</saisie></return>
            </ns2:recupererDetailPaiementSecuriseResponse></S:Body></S:Envelope>
            """;
        using var reader = XmlReader.Create(new StringReader(envelope));
        var message = Message.CreateMessage(reader, int.MaxValue, MessageVersion.Soap11);
        var converter = TypedMessageConverter.Create(typeof(RecupererDetailPaiementSecuriseResponseMessage), "*", new XmlSerializerFormatAttribute());

        var detail = ((RecupererDetailPaiementSecuriseResponseMessage)converter.FromMessage(message)).Return!;

        Assert.Equal("81bdf4c0-8edb-11e5-99d5-00000a634c44", detail.IdOp);
        Assert.Equal("P", detail.Resultrans);
        Assert.Equal("A55A", detail.Numauto);
        Assert.Equal("19112015", detail.Dattrans);
        Assert.Equal("1735", detail.Heurtrans);
        Assert.Equal("1500", detail.Montant);
        Assert.Equal("006270", detail.Numcli);
        Assert.Equal("123456789", detail.Refdet);
        Assert.Equal("T", detail.Saisie);
    }
}
