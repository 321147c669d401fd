// The secure-payment web service's interface, as PayFiP publishes it (docs/PAYMENTS.md): the service
// PaiementSecuriseService, document/literal SOAP 1.1, the operations creerPaiementSecurise and
// recupererDetailPaiementSecurise (and recupererDetailClient, which the product does not call), each taking an arg0 and
// answering a return, and four fault elements. The published WSDL imports three XSD files by schemaLocation (one per
// namespace: the service's, "requete" and "reponse"); here they are inlined so that the document stands alone. Their
// content is the same: local elements are unqualified (no elementFormDefault), every field is an optional xs:string,
// severite an xs:int.

export const namespaces = Object.freeze({
  service: 'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService',
  request: 'http://securite.service.tpa.cp.finances.gouv.fr/requete',
  response: 'http://securite.service.tpa.cp.finances.gouv.fr/reponse',
});

/** The faults PayFiP declares; FonctionnelleErreur carries the business codes (P1, R3, ...). */
export const faultNames = Object.freeze(['FonctionnelleErreur', 'TechDysfonctionnementErreur', 'TechIndisponibiliteErreur', 'TechProtocolaireErreur']);

const optionalStrings = (names) => names.map((name) => `        <xs:element name="${name}" type="xs:string" minOccurs="0"/>`).join('\n');

const faultType = (name) => `      <xs:complexType name="${name}">
        <xs:sequence>
${optionalStrings(['code', 'descriptif', 'libelle', 'message'])}
          <xs:element name="severite" type="xs:int"/>
        </xs:sequence>
      </xs:complexType>`;

const wrapper = (name, child, type) => `      <xs:complexType name="${name}">
        <xs:sequence>
          <xs:element name="${child}" type="${type}" minOccurs="0"/>
        </xs:sequence>
      </xs:complexType>`;

const operations = ['creerPaiementSecurise', 'recupererDetailPaiementSecurise', 'recupererDetailClient'];

/** The WSDL, its service address set to where this simulator listens. */
export function wsdl(serviceAddress) {
  const messages = operations.flatMap((operation) => [operation, `${operation}Response`])
    .concat(faultNames)
    .map((name) => `  <message name="${name}">\n    <part name="${faultNames.includes(name) ? 'fault' : 'parameters'}" element="tns:${name}"/>\n  </message>`)
    .join('\n');
  const portOperations = operations.map((operation) => `    <operation name="${operation}">
      <input message="tns:${operation}"/>
      <output message="tns:${operation}Response"/>
${faultNames.map((fault) => `      <fault message="tns:${fault}" name="${fault}"/>`).join('\n')}
    </operation>`).join('\n');
  const bindingOperations = operations.map((operation) => `    <operation name="${operation}">
      <soap:operation soapAction=""/>
      <input><soap:body use="literal"/></input>
      <output><soap:body use="literal"/></output>
${faultNames.map((fault) => `      <fault name="${fault}"><soap:fault name="${fault}" use="literal"/></fault>`).join('\n')}
    </operation>`).join('\n');

  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions name="PaiementSecuriseService" targetNamespace="${namespaces.service}"
  xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:tns="${namespaces.service}" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <types>
    <xs:schema version="1.0" targetNamespace="${namespaces.request}">
      <xs:complexType name="CreerPaiementSecuriseRequest">
        <xs:sequence>
${optionalStrings(['exer', 'mel', 'montant', 'numcli', 'objet', 'refdet', 'saisie', 'urlnotif', 'urlredirect'])}
        </xs:sequence>
      </xs:complexType>
    </xs:schema>
    <xs:schema version="1.0" targetNamespace="${namespaces.response}">
      <xs:complexType name="CreerPaiementSecuriseResponse">
        <xs:sequence>
${optionalStrings(['idOp'])}
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="RecupererDetailClientRequest">
        <xs:sequence>
${optionalStrings(['numCli'])}
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="RecupererDetailClientResponse">
        <xs:sequence>
${optionalStrings(['libelleN1', 'libelleN2', 'libelleN3', 'numcli'])}
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="RecupererDetailPaiementSecuriseRequest">
        <xs:sequence>
${optionalStrings(['idOp'])}
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="RecupererDetailPaiementSecuriseResponse">
        <xs:sequence>
${optionalStrings(['dattrans', 'exer', 'heurtrans', 'idOp', 'mel', 'montant', 'numauto', 'numcli', 'objet', 'refdet', 'resultrans', 'saisie'])}
        </xs:sequence>
      </xs:complexType>
    </xs:schema>
    <xs:schema version="1.0" targetNamespace="${namespaces.service}"
      xmlns:ns1="${namespaces.request}" xmlns:ns2="${namespaces.response}">
      <xs:import namespace="${namespaces.request}"/>
      <xs:import namespace="${namespaces.response}"/>
${faultNames.map((name) => `      <xs:element name="${name}" type="tns:${name}"/>`).join('\n')}
${operations.flatMap((operation) => [operation, `${operation}Response`]).map((name) => `      <xs:element name="${name}" type="tns:${name}"/>`).join('\n')}
${wrapper('creerPaiementSecurise', 'arg0', 'ns1:CreerPaiementSecuriseRequest')}
${wrapper('creerPaiementSecuriseResponse', 'return', 'ns2:CreerPaiementSecuriseResponse')}
${wrapper('recupererDetailPaiementSecurise', 'arg0', 'ns2:RecupererDetailPaiementSecuriseRequest')}
${wrapper('recupererDetailPaiementSecuriseResponse', 'return', 'ns2:RecupererDetailPaiementSecuriseResponse')}
${wrapper('recupererDetailClient', 'arg0', 'ns2:RecupererDetailClientRequest')}
${wrapper('recupererDetailClientResponse', 'return', 'ns2:RecupererDetailClientResponse')}
${faultNames.map(faultType).join('\n')}
    </xs:schema>
  </types>
${messages}
  <portType name="PaiementSecuriseService">
${portOperations}
  </portType>
  <binding name="PaiementSecuriseServicePortBinding" type="tns:PaiementSecuriseService">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
${bindingOperations}
  </binding>
  <service name="PaiementSecuriseService">
    <port name="PaiementSecuriseServicePort" binding="tns:PaiementSecuriseServicePortBinding">
      <soap:address location="${serviceAddress}"/>
    </port>
  </service>
</definitions>
`;
}
