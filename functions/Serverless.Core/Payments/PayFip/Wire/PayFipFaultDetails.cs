using System.Xml.Schema;
using System.Xml.Serialization;

namespace Serverless.Core.Payments.PayFip.Wire;

/// <summary>
/// The fields every PayFiP fault detail carries (types FonctionnelleErreur, TechDysfonctionnementErreur,
/// TechIndisponibiliteErreur, TechProtocolaireErreur of the WSDL): a code, its wording, a severity.
/// </summary>
public abstract class PayFipFaultDetail
{
    [XmlElement("code", Form = XmlSchemaForm.Unqualified, Order = 0)]
    public string? Code { get; set; }

    [XmlElement("descriptif", Form = XmlSchemaForm.Unqualified, Order = 1)]
    public string? Descriptif { get; set; }

    [XmlElement("libelle", Form = XmlSchemaForm.Unqualified, Order = 2)]
    public string? Libelle { get; set; }

    [XmlElement("message", Form = XmlSchemaForm.Unqualified, Order = 3)]
    public string? Message { get; set; }

    [XmlElement("severite", Form = XmlSchemaForm.Unqualified, Order = 4)]
    public int Severite { get; set; }
}

/// <summary>A business refusal: the request or the idOp is not acceptable (codes such as P1, P5, R3, M1, A2).</summary>
[XmlType(Namespace = PayFipNamespaces.Service)]
public sealed class FonctionnelleErreur : PayFipFaultDetail;

/// <summary>PayFiP failed while handling the call.</summary>
[XmlType(Namespace = PayFipNamespaces.Service)]
public sealed class TechDysfonctionnementErreur : PayFipFaultDetail;

/// <summary>PayFiP (or a system behind it) is unavailable.</summary>
[XmlType(Namespace = PayFipNamespaces.Service)]
public sealed class TechIndisponibiliteErreur : PayFipFaultDetail;

/// <summary>The call did not follow the protocol.</summary>
[XmlType(Namespace = PayFipNamespaces.Service)]
public sealed class TechProtocolaireErreur : PayFipFaultDetail;
