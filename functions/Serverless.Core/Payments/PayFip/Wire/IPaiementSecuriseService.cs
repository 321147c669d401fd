using System.ServiceModel;

namespace Serverless.Core.Payments.PayFip.Wire;

/// <summary>
/// PayFiP's secure-payment service (port type PaiementSecuriseService of its WSDL: document/literal SOAP 1.1, empty
/// SOAPAction), reduced to the two operations the product calls. Every operation can answer one of four faults; the
/// business errors (P1 unknown idOp, P5 result not known yet, R3 bad debt reference, ...) come as FonctionnelleErreur.
/// The XmlSerializer is used, as for any WSDL-described service, so that the unqualified elements and the fault
/// details read exactly as the schema says.
/// </summary>
[ServiceContract(Namespace = PayFipNamespaces.Service, Name = "PaiementSecuriseService")]
[XmlSerializerFormat(SupportFaults = true)]
public interface IPaiementSecuriseService
{
    [OperationContract(Name = "creerPaiementSecurise", Action = "", ReplyAction = "*")]
    [FaultContract(typeof(FonctionnelleErreur), Action = "", Name = "FonctionnelleErreur", Namespace = PayFipNamespaces.Service)]
    [FaultContract(typeof(TechDysfonctionnementErreur), Action = "", Name = "TechDysfonctionnementErreur", Namespace = PayFipNamespaces.Service)]
    [FaultContract(typeof(TechIndisponibiliteErreur), Action = "", Name = "TechIndisponibiliteErreur", Namespace = PayFipNamespaces.Service)]
    [FaultContract(typeof(TechProtocolaireErreur), Action = "", Name = "TechProtocolaireErreur", Namespace = PayFipNamespaces.Service)]
    Task<CreerPaiementSecuriseResponseMessage> CreerPaiementSecuriseAsync(CreerPaiementSecuriseRequestMessage request);

    [OperationContract(Name = "recupererDetailPaiementSecurise", Action = "", ReplyAction = "*")]
    [FaultContract(typeof(FonctionnelleErreur), Action = "", Name = "FonctionnelleErreur", Namespace = PayFipNamespaces.Service)]
    [FaultContract(typeof(TechDysfonctionnementErreur), Action = "", Name = "TechDysfonctionnementErreur", Namespace = PayFipNamespaces.Service)]
    [FaultContract(typeof(TechIndisponibiliteErreur), Action = "", Name = "TechIndisponibiliteErreur", Namespace = PayFipNamespaces.Service)]
    [FaultContract(typeof(TechProtocolaireErreur), Action = "", Name = "TechProtocolaireErreur", Namespace = PayFipNamespaces.Service)]
    Task<RecupererDetailPaiementSecuriseResponseMessage> RecupererDetailPaiementSecuriseAsync(RecupererDetailPaiementSecuriseRequestMessage request);
}
