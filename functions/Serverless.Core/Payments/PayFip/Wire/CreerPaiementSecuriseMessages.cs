using System.ServiceModel;
using System.Xml.Schema;
using System.Xml.Serialization;

namespace Serverless.Core.Payments.PayFip.Wire;

/// <summary>The body of creerPaiementSecurise: the wrapper element in the service's namespace, then an unqualified arg0.</summary>
[MessageContract(WrapperName = "creerPaiementSecurise", WrapperNamespace = PayFipNamespaces.Service, IsWrapped = true)]
public sealed class CreerPaiementSecuriseRequestMessage
{
    [MessageBodyMember(Name = "arg0", Namespace = PayFipNamespaces.Service, Order = 0)]
    [XmlElement(Form = XmlSchemaForm.Unqualified)]
    public CreerPaiementSecuriseRequest? Arg0 { get; set; }
}

/// <summary>The answer of creerPaiementSecurise: an unqualified return holding the idOp.</summary>
[MessageContract(WrapperName = "creerPaiementSecuriseResponse", WrapperNamespace = PayFipNamespaces.Service, IsWrapped = true)]
public sealed class CreerPaiementSecuriseResponseMessage
{
    [MessageBodyMember(Name = "return", Namespace = PayFipNamespaces.Service, Order = 0)]
    [XmlElement(Form = XmlSchemaForm.Unqualified)]
    public CreerPaiementSecuriseResponse? Return { get; set; }
}

/// <summary>
/// Type CreerPaiementSecuriseRequest ("requete" namespace): every field an optional string, in the schema's order.
/// Formats are PayFiP's (docs/PAYMENTS.md), checked before sending by <see cref="PaymentRequestValidation"/>.
/// </summary>
[XmlType(Namespace = PayFipNamespaces.Request)]
public sealed class CreerPaiementSecuriseRequest
{
    /// <summary>The budget year the debt belongs to, four digits.</summary>
    [XmlElement("exer", Form = XmlSchemaForm.Unqualified, Order = 0)]
    public string? Exer { get; set; }

    /// <summary>The payer's e-mail address: PayFiP sends the payment ticket there.</summary>
    [XmlElement("mel", Form = XmlSchemaForm.Unqualified, Order = 1)]
    public string? Mel { get; set; }

    /// <summary>The amount in cents, digits only.</summary>
    [XmlElement("montant", Form = XmlSchemaForm.Unqualified, Order = 2)]
    public string? Montant { get; set; }

    /// <summary>The régie's client number at PayFiP, six digits.</summary>
    [XmlElement("numcli", Form = XmlSchemaForm.Unqualified, Order = 3)]
    public string? Numcli { get; set; }

    /// <summary>The label shown to the payer and on the régie's report.</summary>
    [XmlElement("objet", Form = XmlSchemaForm.Unqualified, Order = 4)]
    public string? Objet { get; set; }

    /// <summary>The debt reference, 6 to 30 letters and digits.</summary>
    [XmlElement("refdet", Form = XmlSchemaForm.Unqualified, Order = 5)]
    public string? Refdet { get; set; }

    /// <summary>T (test), X (activation) or W (production).</summary>
    [XmlElement("saisie", Form = XmlSchemaForm.Unqualified, Order = 6)]
    public string? Saisie { get; set; }

    /// <summary>Where PayFiP POSTs the server-to-server notification.</summary>
    [XmlElement("urlnotif", Form = XmlSchemaForm.Unqualified, Order = 7)]
    public string? Urlnotif { get; set; }

    /// <summary>Where PayFiP sends the citizen's browser back.</summary>
    [XmlElement("urlredirect", Form = XmlSchemaForm.Unqualified, Order = 8)]
    public string? Urlredirect { get; set; }
}

/// <summary>Type CreerPaiementSecuriseResponse ("reponse" namespace).</summary>
[XmlType(Namespace = PayFipNamespaces.Response)]
public sealed class CreerPaiementSecuriseResponse
{
    [XmlElement("idOp", Form = XmlSchemaForm.Unqualified, Order = 0)]
    public string? IdOp { get; set; }
}
