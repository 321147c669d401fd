// Function app on the Flex Consumption plan (FC1, Linux, .NET 10 isolated worker),
// running as a user-assigned managed identity:
//   - AzureWebJobsStorage through identity-based settings only (no connection string),
//   - secrets through Key Vault references resolved with the same identity,
//   - Application Insights with Entra ID authentication,
//   - HTTPS only, TLS 1.2 minimum, FTP and basic-auth publishing disabled.
// FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are NOT app settings on
// Flex Consumption: functionAppConfig.runtime sets them (the platform rejects them).

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the plan; the app gets them plus azd-service-name.')
param tags object

@description('azd service name (azure.yaml) that azd deploy looks up through the azd-service-name tag.')
param serviceName string = 'api'

@description('Name of the user-assigned identity of the app (already deployed).')
param identityName string

@description('Name of the storage account (already deployed, with its containers and role assignments).')
param storageAccountName string

@description('Blob container that receives the deployment package.')
param deploymentContainerName string

@description('Key Vault URI, e.g. https://<name>.vault.azure.net/ (secrets already written, app identity already granted).')
param keyVaultUri string

@description('Application Insights connection string (not a secret: local authentication is disabled).')
param applicationInsightsConnectionString string

@description('Maximum number of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance, in MB (billed per GB-second).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Origins allowed by CORS (browser pages that embed the forms), e.g. [\'https://www.mairie-exemple.fr\']; the app applies them (Cors__AllowedOrigins), with each commune\'s allowedOrigins from the catalogue.')
param corsAllowedOrigins array = []

@description('How long the agents\' certificate revocation links stay valid (Revocation__LinkLifetime); keep old review keys at least that long.')
param revocationLinkLifetime string

@description('Durable Functions task hub name.')
param taskHubName string

@description('Folder of the procedure catalogue on the app; empty for the catalogue deployed with it.')
param cataloguePath string

@description('Review workflow settings (TimeSpan values in the .NET "d.hh:mm:ss" format).')
param review {
  reviewerEmails: string
  dayLength: string
  maxReminders: string
  linkLifetime: string
}

@description('Review token settings: the active key id and every key id still accepted (each "k<N>" reads secret review-token-key-<N>).')
param reviewTokens {
  activeKeyId: string
  keyIds: string[]
}

@description('Citizen access keys: the active key id and every key id still accepted (k1 reads secret citizen-access-key, k<N> citizen-access-key-<N>).')
param citizenAccessKeys {
  activeKeyId: string
  keyIds: string[]
}

@description('Transparency-log signing keys: the active key id and every key id still published (k1 reads secret transparency-signing-key, k<N> transparency-signing-key-<N>).')
param transparencySigningKeys {
  activeKeyId: string
  keyIds: string[]
}

@description('SMTP settings (the password comes from Key Vault).')
param smtp {
  host: string
  port: int
  security: ('None' | 'StartTls' | 'SslOnConnect' | 'Auto')
  userName: string
  fromAddress: string
  fromName: string
}

@description('True when Key Vault holds secret smtp-password: Smtp__Password then references it; otherwise it is empty.')
param smtpPasswordInKeyVault bool

@description('RFC 3161 timestamp authority URL (Transparency__TimestampAuthorityUrl), e.g. a qualified TSA; empty: checkpoints are not timestamped.')
param timestampAuthorityUrl string = ''

@description('Names of the webhook signing secrets the catalogue\'s endpoints list; name <n> reads Key Vault secret webhook-secret-<n> (a whsec_ value).')
param webhookSecretNames array = []

@description('Addresses (comma-separated) of the deployment\'s administrators: in the back office they see every commune\'s usage report.')
param deploymentAdministrators string = ''

@description('FranceConnect issuer (FranceConnect__Issuer); empty: citizens cannot sign in.')
param franceConnectIssuer string = ''

@description('FranceConnect client id (FranceConnect__ClientId).')
param franceConnectClientId string = ''

@description('PayFiP\'s secure-payment SOAP service (PayFip__ServiceUrl), e.g. https://www.payfip.gouv.fr/tpa/services/securite; empty: no online payment.')
param payFipServiceUrl string = ''

@description('PayFiP\'s payment page (PayFip__PaymentPageUrl), e.g. https://www.payfip.gouv.fr/tpa/paiementws.web.')
param payFipPaymentPageUrl string = ''

@description('PayFiP mode (PayFip__Mode): Test (saisie T, no account debited), Activation (X, the régie\'s first real payments) or Production (W).')
@allowed([
  'Test'
  'Activation'
  'Production'
])
param payFipMode string = 'Test'

@description('API Particulier address (ApiParticulier__BaseUrl), e.g. https://staging.particulier.api.gouv.fr; empty: no family-quotient prefill. The token is Key Vault secret api-particulier-token.')
param apiParticulierBaseUrl string = ''
@description('Entra ID sign-in of the agents through App Service Authentication: off by default. When on, the platform signs agents in and sets X-MS-CLIENT-PRINCIPAL-NAME (stripping any a client sends), and BackOffice__TrustAppServiceAuthentication tells the app to read it.')
param agentEntraSignIn {
  enabled: bool
  clientId: string
  tenantId: string
} = {
  enabled: false
  clientId: ''
  tenantId: ''
}

@description('True when Key Vault holds secret certificate-signing-pfx: CertificateSigning__Pfx then references it; otherwise it is empty.')
param certificateSigningPfxInKeyVault bool

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

// A Key Vault reference to the latest version of a secret (no version in the URI):
// a new secret version is picked up on restart (or within 24 hours).
func keyVaultReference(vaultUri string, secretName string) string =>
  '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretName})'

// Secret of root key id k<N> (infra/hooks/root-keys.sh creates these names, and nothing here writes them):
// review-token-key-<N>; citizen-access-key and transparency-signing-key for k1 (the names they had before key ids),
// <name>-<N> for N >= 2.
func rootKeySecretName(family string, keyId string) string =>
  family == 'review-token-key'
    ? 'review-token-key-${substring(keyId, 1)}'
    : (keyId == 'k1' ? family : '${family}-${substring(keyId, 1)}')

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // No platform CORS: the app applies its one policy (Cors__AllowedOrigins below plus the catalogue's origins),
      // the same code as the local host; platform CORS would take precedence and could disagree.
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // No FTP and no basic-auth (publishing profile) deployments: azd deploys with Entra ID.
  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

// App settings live in a child resource so that PublicBaseUrl can use the host name
// that Azure assigned to the app. The names are the .NET configuration keys the
// application reads ("__" separates configuration sections); docs/deploy.md lists them.
var baseSettings = {
  // Functions host storage and Durable Task hub: identity-based connection.
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  TaskHubName: taskHubName

  // Application Insights with Entra ID authentication (local auth is disabled).
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  // Traces (one per application, docs/PERFORMANCE.md) go to Application Insights above; no other exporter in Azure.
  Telemetry__Exporter: 'none'
  Telemetry__File: ''

  PublicBaseUrl: 'https://${app.properties.defaultHostName}'

  Catalogue__Path: cataloguePath

  Review__ReviewerEmails: review.reviewerEmails
  Review__DayLength: review.dayLength
  Review__MaxReminders: review.maxReminders
  Review__LinkLifetime: review.linkLifetime

  ReviewTokens__ActiveKeyId: reviewTokens.activeKeyId

  // The application reads CitizenAccess__ActiveKeyId and CitizenAccess__Keys__<id> (keyIdSettings below) and ignores
  // this one when they are set (it only checks that it is one of them). It stays for the code deployed before key ids,
  // which reads only this: azd provisions before it deploys, and `azd provision` alone leaves that code running.
  CitizenAccess__Key: keyVaultReference(keyVaultUri, rootKeySecretName('citizen-access-key', citizenAccessKeys.activeKeyId))

  Smtp__Host: smtp.host
  Smtp__Port: string(smtp.port)
  Smtp__Security: smtp.security
  Smtp__UserName: smtp.userName
  Smtp__Password: smtpPasswordInKeyVault ? keyVaultReference(keyVaultUri, 'smtp-password') : ''
  Smtp__FromAddress: smtp.fromAddress
  Smtp__FromName: smtp.fromName

  Cors__AllowedOrigins: join(corsAllowedOrigins, ',')

  // Abuse limits: each commune's catalogue entry (or its safe defaults) decides; these stay empty in Azure.
  Abuse__SubmissionsPerAddressPerHour: ''
  Abuse__SubmissionsPerRecipientPerDay: ''
  Abuse__MinimumFillTime: '00:00:03'
  Abuse__MaximumFormAge: '1.00:00:00'
  Abuse__LinksPerRecipientPerDay: '3'
  Abuse__LinksPerClientPerHour: '10'
  Abuse__LinkRecipientsPerDraft: '3'

  CertificateSigning__Pfx: certificateSigningPfxInKeyVault ? keyVaultReference(keyVaultUri, 'certificate-signing-pfx') : ''
  // The PFX comes from Key Vault as base64 without a password; no file, no generated development certificate folder.
  CertificateSigning__PfxPath: ''
  CertificateSigning__PfxPassword: ''
  CertificateSigning__LocalDirectory: ''

  Revocation__LinkLifetime: revocationLinkLifetime

  // Ed25519 key material that signs every commune's transparency-log checkpoints (docs/architecture.md). The application
  // reads Transparency__ActiveKeyId and Transparency__SigningKeys__<id> (keyIdSettings below) and ignores this one when
  // they are set; it stays, the active key, for code deployed before key ids (see CitizenAccess__Key).
  Transparency__SigningKey: keyVaultReference(keyVaultUri, rootKeySecretName('transparency-signing-key', transparencySigningKeys.activeKeyId))
  // RFC 3161 authority that timestamps each commune's last checkpoint of the day (empty: none).
  Transparency__TimestampAuthorityUrl: timestampAuthorityUrl
  // Elected officials' signatures (docs/SIGNATURES.md): each signatory's certificate and key in the vault, signing there;
  // their signatures timestamped by the same authority as the checkpoints. No local certificate authority in Azure.
  Signatures__KeyVaultUri: keyVaultUri
  Signatures__TimestampAuthorityUrl: timestampAuthorityUrl
  Signatures__LocalDirectory: ''

  // The agents' back office (docs/BACKOFFICE.md): one-time sign-in links, 8-hour sessions, sign-in abuse limits.
  BackOffice__SignInLinkLifetime: '00:15:00'
  BackOffice__SessionLifetime: '08:00:00'
  BackOffice__SignInRequestsPerAddressPerHour: '5'
  BackOffice__SignInRequestsPerClientPerHour: '20'
  BackOffice__SignInAnswerTime: '00:00:01'
  // Read X-MS-CLIENT-PRINCIPAL-NAME only when App Service Authentication sets it (docs/SECURITY.md).
  BackOffice__TrustAppServiceAuthentication: agentEntraSignIn.enabled ? 'true' : 'false'
  // Who sees every commune's usage report in the back office (comma-separated addresses; empty: each agent sees their own commune).
  BackOffice__DeploymentAdministrators: deploymentAdministrators

  // Citizens' sign-in with FranceConnect v2 (docs/FRANCECONNECT.md): off while the issuer is empty.
  FranceConnect__Issuer: franceConnectIssuer
  FranceConnect__ClientId: franceConnectClientId
  FranceConnect__ClientSecret: empty(franceConnectIssuer) ? '' : keyVaultReference(keyVaultUri, 'franceconnect-client-secret')
  FranceConnect__Scopes: 'openid identite_pivot email'
  FranceConnect__AcrValues: 'eidas1'
  FranceConnect__SessionLifetime: '01:00:00'
  FranceConnect__SignInLifetime: '00:10:00'

  // Online payment through the DGFiP's PayFiP (docs/PAYMENTS.md): off while the service address is empty. Test mode
  // until the régie's accountant has activated the régie; every call bounded to 15 seconds.
  PayFip__ServiceUrl: payFipServiceUrl
  PayFip__PaymentPageUrl: payFipPaymentPageUrl
  PayFip__Mode: payFipMode
  Payments__SweepAfter: '00:20:00'
  PayFip__RequestTimeout: '00:00:15'
  // The family quotient from API Particulier v3 (docs/API-PARTICULIER.md): off while the address is empty; the
  // commune's token (DataPass "API Particulier") is a Key Vault secret, written by you before deploying.
  ApiParticulier__BaseUrl: apiParticulierBaseUrl
  ApiParticulier__Token: empty(apiParticulierBaseUrl) ? '' : keyVaultReference(keyVaultUri, 'api-particulier-token')
  ApiParticulier__Timeout: '00:00:10'

  // Quick retries of a failed step, then an incident retried with back-off for weeks (docs/RELIABILITY.md).
  Workflow__RetryFirstDelay: '00:00:10'
  Workflow__RetryAttempts: '6'
  Workflow__IncidentFirstDelay: '00:05:00'
  Workflow__IncidentMaxDelay: '06:00:00'
  // The RecoverSubmissions timer sweeps every minute; requests younger than this are left to their own request.
  Recovery__MinimumAge: '00:02:00'

  // Outbound events (docs/api.md#webhooks): the real retry schedule, and the SSRF guard on (never allow local destinations in Azure).
  Webhooks__ScheduleScale: '1'
  Webhooks__AttemptTimeout: '00:00:15'
  Webhooks__AllowLocalDestinations: 'false'
  // RGPD retention (docs/RETENTION.md): calendar months (MonthLength empty), the citizen warned 14 days before the
  // erasure; the agents' link confirming a citizen's erasure request lasts 30 days.
  Retention__MonthLength: ''
  Retention__WarningLead: '14.00:00:00'
  Retention__ErasureLinkLifetime: '30.00:00:00'
  Retention__WorkflowPurgeGrace: '7.00:00:00'
  // Drafts: real days in Azure (the SweepDrafts timer runs every 15 minutes; the interval is the local host's loop).
  Drafts__DayLength: ''
  Drafts__SweepInterval: '00:15:00'
}

// ReviewTokens__Keys__k1 -> secret review-token-key-1, ReviewTokens__Keys__k2 -> review-token-key-2, ...
var reviewTokenKeySettings = toObject(
  reviewTokens.keyIds,
  keyId => 'ReviewTokens__Keys__${keyId}',
  keyId => keyVaultReference(keyVaultUri, rootKeySecretName('review-token-key', keyId))
)

// Which key id derives new citizen access codes and which signs new checkpoints; every listed key still verifies
// (older codes) or is published (older checkpoints). The secrets are created by infra/hooks/root-keys.sh.
var keyIdSettings = {
  CitizenAccess__ActiveKeyId: citizenAccessKeys.activeKeyId
  Transparency__ActiveKeyId: transparencySigningKeys.activeKeyId
}

// CitizenAccess__Keys__k1 -> secret citizen-access-key, CitizenAccess__Keys__k2 -> citizen-access-key-2, ...
var citizenAccessKeySettings = toObject(
  citizenAccessKeys.keyIds,
  keyId => 'CitizenAccess__Keys__${keyId}',
  keyId => keyVaultReference(keyVaultUri, rootKeySecretName('citizen-access-key', keyId))
)

// Transparency__SigningKeys__k1 -> secret transparency-signing-key, __k2 -> transparency-signing-key-2, ...
var transparencySigningKeySettings = toObject(
  transparencySigningKeys.keyIds,
  keyId => 'Transparency__SigningKeys__${keyId}',
  keyId => keyVaultReference(keyVaultUri, rootKeySecretName('transparency-signing-key', keyId))
)

// Webhooks__Secrets__saint-exemple-2026 -> secret webhook-secret-saint-exemple-2026, ...
var webhookSecretSettings = toObject(
  webhookSecretNames,
  secretName => 'Webhooks__Secrets__${secretName}',
  secretName => keyVaultReference(keyVaultUri, 'webhook-secret-${secretName}')
)

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(baseSettings, keyIdSettings, reviewTokenKeySettings, citizenAccessKeySettings, transparencySigningKeySettings, webhookSecretSettings)
}

// Entra ID for the agents, when turned on. Anonymous requests stay allowed: citizens' pages, review links and the
// e-mailed sign-in need no account; the app decides what a signed-in agent may see.
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = if (agentEntraSignIn.enabled) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: agentEntraSignIn.clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${agentEntraSignIn.tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${agentEntraSignIn.clientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

@description('Name of the function app.')
output name string = app.name

@description('Default host name of the function app.')
output defaultHostName string = app.properties.defaultHostName

@description('Public base URL of the function app.')
output url string = 'https://${app.properties.defaultHostName}'
