using System.ServiceModel;
using System.Xml.Schema;
using System.Xml.Serialization;

namespace Serverless.Core.Payments.PayFip.Wire;

/// <summary>The body of recupererDetailPaiementSecurise: the wrapper, then an unqualified arg0 holding the idOp.</summary>
[MessageContract(WrapperName = "recupererDetailPaiementSecurise", WrapperNamespace = PayFipNamespaces.Service, IsWrapped = true)]
public sealed class RecupererDetailPaiementSecuriseRequestMessage
{
    [MessageBodyMember(Name = "arg0", Namespace = PayFipNamespaces.Service, Order = 0)]
    [XmlElement(Form = XmlSchemaForm.Unqualified)]
    public RecupererDetailPaiementSecuriseRequest? Arg0 { get; set; }
}

/// <summary>The answer of recupererDetailPaiementSecurise: an unqualified return holding the payment's detail.</summary>
[MessageContract(WrapperName = "recupererDetailPaiementSecuriseResponse", WrapperNamespace = PayFipNamespaces.Service, IsWrapped = true)]
public sealed class RecupererDetailPaiementSecuriseResponseMessage
{
    [MessageBodyMember(Name = "return", Namespace = PayFipNamespaces.Service, Order = 0)]
    [XmlElement(Form = XmlSchemaForm.Unqualified)]
    public RecupererDetailPaiementSecuriseResponse? Return { get; set; }
}

/// <summary>Type RecupererDetailPaiementSecuriseRequest ("reponse" namespace, as the WSDL has it).</summary>
[XmlType(Namespace = PayFipNamespaces.Response)]
public sealed class RecupererDetailPaiementSecuriseRequest
{
    /// <summary>Spelt idOp, as the schema has it.</summary>
    [XmlElement("idOp", Form = XmlSchemaForm.Unqualified, Order = 0)]
    public string? IdOp { get; set; }
}

/// <summary>Type RecupererDetailPaiementSecuriseResponse ("reponse" namespace): the payment as PayFiP recorded it.</summary>
[XmlType(Namespace = PayFipNamespaces.Response)]
public sealed class RecupererDetailPaiementSecuriseResponse
{
    /// <summary>Date of the transaction, JJMMAAAA.</summary>
    [XmlElement("dattrans", Form = XmlSchemaForm.Unqualified, Order = 0)]
    public string? Dattrans { get; set; }

    [XmlElement("exer", Form = XmlSchemaForm.Unqualified, Order = 1)]
    public string? Exer { get; set; }

    /// <summary>Time of the transaction, HHMM.</summary>
    [XmlElement("heurtrans", Form = XmlSchemaForm.Unqualified, Order = 2)]
    public string? Heurtrans { get; set; }

    [XmlElement("idOp", Form = XmlSchemaForm.Unqualified, Order = 3)]
    public string? IdOp { get; set; }

    [XmlElement("mel", Form = XmlSchemaForm.Unqualified, Order = 4)]
    public string? Mel { get; set; }

    [XmlElement("montant", Form = XmlSchemaForm.Unqualified, Order = 5)]
    public string? Montant { get; set; }

    /// <summary>The bank's authorisation number of a paid transaction; empty otherwise.</summary>
    [XmlElement("numauto", Form = XmlSchemaForm.Unqualified, Order = 6)]
    public string? Numauto { get; set; }

    [XmlElement("numcli", Form = XmlSchemaForm.Unqualified, Order = 7)]
    public string? Numcli { get; set; }

    [XmlElement("objet", Form = XmlSchemaForm.Unqualified, Order = 8)]
    public string? Objet { get; set; }

    [XmlElement("refdet", Form = XmlSchemaForm.Unqualified, Order = 9)]
    public string? Refdet { get; set; }

    /// <summary>P paid by card, V paid by direct debit, R card refused, Z direct debit refused, A abandoned.</summary>
    [XmlElement("resultrans", Form = XmlSchemaForm.Unqualified, Order = 10)]
    public string? Resultrans { get; set; }

    [XmlElement("saisie", Form = XmlSchemaForm.Unqualified, Order = 11)]
    public string? Saisie { get; set; }
}
