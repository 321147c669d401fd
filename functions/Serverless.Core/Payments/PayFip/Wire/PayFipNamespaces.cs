namespace Serverless.Core.Payments.PayFip.Wire;

/// <summary>
/// The XML namespaces of PayFiP's secure-payment WSDL (PaiementSecuriseService): the service's own (operations,
/// wrappers, faults), "requete" (the creation request's type) and "reponse" (the other request and response types).
/// Elements inside these types are unqualified: the published schemas set no elementFormDefault.
/// </summary>
public static class PayFipNamespaces
{
    public const string Service = "http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService";

    public const string Request = "http://securite.service.tpa.cp.finances.gouv.fr/requete";

    public const string Response = "http://securite.service.tpa.cp.finances.gouv.fr/reponse";
}
