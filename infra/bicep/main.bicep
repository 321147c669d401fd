// Citizen e-services: Azure infrastructure for the Azure Developer CLI (azd).
//
//   azd up        provision (this file) + deploy the `api` service (azure.yaml)
//
// Creates one resource group holding: a user-assigned managed identity, a storage
// account without shared keys, a Key Vault in RBAC mode with the application's
// secrets, Log Analytics + Application Insights without local authentication, and a
// function app on the Flex Consumption plan that reaches all of them with its
// identity. docs/deploy.md explains every parameter and app setting.

targetScope = 'subscription'

// ---------------------------------------------------------------------------------
// azd environment
// ---------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the azd environment: used in the resource group name, the resource token and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region of every resource, e.g. francecentral.')
param location string

@description('Resource group name. Empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Object id of the deploying user (azd sets AZURE_PRINCIPAL_ID): what it is granted depends on environmentKind. Empty: no assignment.')
param principalId string = ''

@description('Type of principalId: User for a person, ServicePrincipal when a pipeline runs azd.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('development: the deploying principal (principalId) gets standing data roles on storage and Key Vault Secrets Officer, to debug locally against this environment. production: it gets no data role at all, only Key Vault Reader (secret names and metadata, never values), so that the root-key hook can see which keys exist; an operator who needs data access takes it for a limited time (docs/deploy.md, "Temporary access in production").')
@allowed([
  'development'
  'production'
])
param environmentKind string = 'production'

// ---------------------------------------------------------------------------------
// Commune and workflow
// ---------------------------------------------------------------------------------

@description('Folder of the procedure catalogue (communes/ and procedures/ JSON files) on the app (Catalogue__Path). Empty: the catalogue deployed with the app (functions/catalogue).')
param cataloguePath string = ''

@description('Override: comma-separated addresses that review every application instead of the procedures\' reviewers (Review__ReviewerEmails). Empty: each procedure\'s reviewers.')
param reviewerEmails string = ''

@description('For demonstrations only: every day of the procedures\' delays lasts this long, .NET TimeSpan text "d.hh:mm:ss" (Review__DayLength). Empty: real days and the French working-day calendar.')
param reviewDayLength string = ''

@description('Override of every procedure\'s maximum number of reminders (Review__MaxReminders). Empty: each procedure\'s own.')
param reviewMaxReminders string = ''

@description('Lifetime of a review link, .NET TimeSpan text (Review__LinkLifetime). Keep an old review key at least this long after a rotation.')
param reviewLinkLifetime string = '14.00:00:00'

@description('How long the agents\' certificate revocation links stay valid, .NET TimeSpan text (Revocation__LinkLifetime).')
param revocationLinkLifetime string = '365.00:00:00'

@description('Durable Functions task hub name (TaskHubName): letters and digits, 3-45 characters, starting with a letter.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'citizenservices'

// ---------------------------------------------------------------------------------
// Review tokens and citizen access (secrets go to Key Vault, never to app settings)
// ---------------------------------------------------------------------------------

@description('Key id used to sign new review links (ReviewTokens__ActiveKeyId). Must be one of reviewTokenKeyIds.')
param reviewTokenActiveKeyId string = 'k1'

@description('Comma-separated key ids still accepted, e.g. "k1,k2" during a rotation. Key id k<N> reads Key Vault secret review-token-key-<N>.')
param reviewTokenKeyIds string = 'k1'

@description('Comma-separated names of webhook signing secrets (the catalogue endpoints\' "secrets"), e.g. "saint-exemple-2026"; name <n> reads Key Vault secret webhook-secret-<n>, written by you before deploying.')
param webhookSecretNames string = ''

@description('Addresses (comma-separated) of the deployment\'s administrators, who see every commune\'s usage report in the back office.')
param deploymentAdministrators string = ''

@description('FranceConnect issuer (docs/FRANCECONNECT.md), e.g. https://fcp-low.integ01.dev-franceconnect.fr/api/v2 for the sandbox; empty: no citizen sign-in. The client secret is the Key Vault secret franceconnect-client-secret, written by you before deploying.')
param franceConnectIssuer string = ''

@description('The FranceConnect client id given to the commune (or the intercommunality) after its DataPass authorization.')
param franceConnectClientId string = ''

@description('PayFiP\'s secure-payment SOAP service (docs/PAYMENTS.md), https://www.payfip.gouv.fr/tpa/services/securite; empty: no online payment.')
param payFipServiceUrl string = ''

@description('PayFiP\'s payment page, https://www.payfip.gouv.fr/tpa/paiementws.web.')
param payFipPaymentPageUrl string = ''

@description('PayFiP mode: Test (saisie T) until the régie\'s accountant asks for Activation (X), then Production (W).')
@allowed([
  'Test'
  'Activation'
  'Production'
])
param payFipMode string = 'Test'

@description('API Particulier address (docs/API-PARTICULIER.md): https://staging.particulier.api.gouv.fr for the sandbox, https://particulier.api.gouv.fr in production; empty: no family-quotient prefill. The token is the Key Vault secret api-particulier-token, written by you before deploying.')
param apiParticulierBaseUrl string = ''

@description('Key id from which the access codes of new applications (and the form stamps and anti-forgery tokens) are derived (CitizenAccess__ActiveKeyId). Must be one of citizenAccessKeyIds.')
param citizenAccessActiveKeyId string = 'k1'

@description('Comma-separated citizen access key ids still accepted. Key id k1 reads Key Vault secret citizen-access-key, k<N> (N >= 2) citizen-access-key-<N>. An id stays listed as long as an application whose code it derived is kept.')
param citizenAccessKeyIds string = 'k1'

@description('Key id of the Ed25519 key that signs new transparency-log checkpoints (Transparency__ActiveKeyId). Must be one of transparencySigningKeyIds.')
param transparencySigningActiveKeyId string = 'k1'

@description('Comma-separated transparency signing key ids still published. Key id k1 reads Key Vault secret transparency-signing-key, k<N> (N >= 2) transparency-signing-key-<N>.')
param transparencySigningKeyIds string = 'k1'

// The root keys themselves (review-token-key-<N>, citizen-access-key[-<N>], transparency-signing-key[-<N>]) are
// NOT template parameters: infra/hooks/root-keys.sh creates each one in Key Vault when it does not exist, after
// the templates ran, so that running the templates again can never replace a key in use
// (docs/decisions/0010-root-keys-survive-provisioning.md).

// ---------------------------------------------------------------------------------
// E-mail (the commune's own SMTP relay)
// ---------------------------------------------------------------------------------

@minLength(1)
@description('SMTP relay host name (Smtp__Host).')
param smtpHost string

@description('SMTP port (Smtp__Port): 587 with StartTls, 465 with SslOnConnect.')
param smtpPort int = 587

@description('SMTP transport security (Smtp__Security).')
@allowed([
  'None'
  'StartTls'
  'SslOnConnect'
  'Auto'
])
param smtpSecurity string = 'StartTls'

@description('SMTP user name (Smtp__UserName). Empty: no authentication.')
param smtpUserName string = ''

@secure()
@description('SMTP password, written to Key Vault secret smtp-password when not empty. Leave empty if the relay needs none or if the secret is managed directly in Key Vault (then set smtpPasswordInKeyVault).')
param smtpPassword string = ''

@description('The secret smtp-password already exists in Key Vault (set by an operator): reference it even though smtpPassword is empty.')
param smtpPasswordInKeyVault bool = false

@minLength(3)
@description('Sender address of the e-mails (Smtp__FromAddress).')
param smtpFromAddress string

@description('Default sender display name (Smtp__FromName); each commune\'s own sender from the catalogue is used for its e-mails.')
param smtpFromName string = ''

// ---------------------------------------------------------------------------------
// Certificates, CORS, scale, retention
// ---------------------------------------------------------------------------------

@secure()
@description('Base64 PFX (PKCS#12) that signs the PDF certificates, written to Key Vault secret certificate-signing-pfx when not empty. Empty: certificates are signed with a generated self-signed development certificate unless the secret is managed directly in Key Vault (then set certificateSigningPfxInKeyVault).')
param certificateSigningPfx string = ''

@description('The secret certificate-signing-pfx already exists in Key Vault (set by an operator): reference it even though certificateSigningPfx is empty.')
param certificateSigningPfxInKeyVault bool = false

@description('Comma-separated origins allowed by CORS (azd environment values are strings), e.g. "https://www.mairie-exemple.fr,https://mairie-exemple.fr". Used when corsAllowedOrigins is not given.')
param corsAllowedOriginsList string = ''

@description('Origins allowed by CORS (array), for callers that can pass arrays. Default: corsAllowedOriginsList split on commas.')
param corsAllowedOrigins array = empty(corsAllowedOriginsList) ? [] : split(corsAllowedOriginsList, ',')

@description('Agents sign in to the back office with Entra ID through App Service Authentication (in addition to e-mailed links). Off by default.')
param agentEntraSignIn bool = false

@description('Entra ID application (client) ID used by App Service Authentication when agentEntraSignIn is on.')
param agentEntraClientId string = ''

@description('Entra ID tenant ID (directory) of the agents when agentEntraSignIn is on.')
param agentEntraTenantId string = ''

@description('Enable Key Vault purge protection (cannot be disabled afterwards). Set false only for throw-away test environments.')
param keyVaultEnablePurgeProtection bool = true

@description('Signatories of decisions: [{ commune, id, displayName }]. Each one\'s certificate signatory-<commune>-<id> must exist in the vault first (docs/deploy.md, "Signatories"); the app may then sign with that key only.')
param signatories array = []

@minValue(1)
@maxValue(1000)
@description('Maximum number of Flex Consumption instances (a cost ceiling).')
param maximumInstanceCount int = 40

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Daily ingestion cap of the Log Analytics workspace, in GB (-1: none).')
param logAnalyticsDailyQuotaGb int = 1

// ---------------------------------------------------------------------------------
// Names and tags
// ---------------------------------------------------------------------------------

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var names = {
  resourceGroup: empty(resourceGroupName) ? '${abbrs.resourcesResourceGroups}${environmentName}' : resourceGroupName
  identity: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
  storage: '${abbrs.storageStorageAccounts}${resourceToken}'
  keyVault: '${abbrs.keyVaultVaults}${resourceToken}'
  logAnalytics: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: '${abbrs.insightsComponents}${resourceToken}'
  plan: '${abbrs.webServerFarms}${resourceToken}'
  functionApp: '${abbrs.webSitesFunctions}api-${resourceToken}'
}

// CORS origins without blanks or empty entries.
var corsOrigins = filter(map(corsAllowedOrigins, origin => trim(string(origin))), origin => !empty(origin))

// Deployment package container of Flex Consumption (lowercase, at most 63 characters).
var deploymentContainerName = 'app-package-${take(names.functionApp, 32)}-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    dailyQuotaGb: logAnalyticsDailyQuotaGb
    appIdentityName: names.identity
  }
  dependsOn: [
    identity
  ]
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    taskHubName: taskHubName
    appIdentityName: names.identity
    principalId: principalId
    principalType: principalType
    environmentKind: environmentKind
  }
  dependsOn: [
    identity
  ]
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    enablePurgeProtection: keyVaultEnablePurgeProtection
    smtpPassword: smtpPassword
    certificateSigningPfx: certificateSigningPfx
    signatories: signatories
    appIdentityName: names.identity
    principalId: principalId
    principalType: principalType
    environmentKind: environmentKind
  }
  dependsOn: [
    identity
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: 'api'
    identityName: names.identity
    storageAccountName: names.storage
    deploymentContainerName: storage.outputs.deploymentContainerName
    keyVaultUri: keyVault.outputs.uri
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    corsAllowedOrigins: corsOrigins
    taskHubName: taskHubName
    cataloguePath: cataloguePath
    revocationLinkLifetime: revocationLinkLifetime
    review: {
      reviewerEmails: reviewerEmails
      dayLength: reviewDayLength
      maxReminders: reviewMaxReminders
      linkLifetime: reviewLinkLifetime
    }
    deploymentAdministrators: deploymentAdministrators
    franceConnectIssuer: franceConnectIssuer
    franceConnectClientId: franceConnectClientId
    payFipServiceUrl: payFipServiceUrl
    payFipPaymentPageUrl: payFipPaymentPageUrl
    payFipMode: payFipMode
    apiParticulierBaseUrl: apiParticulierBaseUrl
    webhookSecretNames: filter(map(split(webhookSecretNames, ','), secretName => trim(secretName)), secretName => !empty(secretName))
    reviewTokens: {
      activeKeyId: reviewTokenActiveKeyId
      keyIds: filter(map(split(reviewTokenKeyIds, ','), keyId => trim(keyId)), keyId => !empty(keyId))
    }
    citizenAccessKeys: {
      activeKeyId: citizenAccessActiveKeyId
      keyIds: filter(map(split(citizenAccessKeyIds, ','), keyId => trim(keyId)), keyId => !empty(keyId))
    }
    transparencySigningKeys: {
      activeKeyId: transparencySigningActiveKeyId
      keyIds: filter(map(split(transparencySigningKeyIds, ','), keyId => trim(keyId)), keyId => !empty(keyId))
    }
    smtp: {
      host: smtpHost
      port: smtpPort
      security: smtpSecurity
      userName: smtpUserName
      fromAddress: smtpFromAddress
      fromName: empty(smtpFromName) ? 'Services en ligne' : smtpFromName
    }
    smtpPasswordInKeyVault: smtpPasswordInKeyVault || !empty(smtpPassword)
    certificateSigningPfxInKeyVault: certificateSigningPfxInKeyVault || !empty(certificateSigningPfx)
    agentEntraSignIn: {
      enabled: agentEntraSignIn
      clientId: agentEntraClientId
      tenantId: agentEntraTenantId
    }
  }
  dependsOn: [
    identity
  ]
}

// ---------------------------------------------------------------------------------
// Outputs: azd stores them in .azure/<env>/.env (none of them is a secret).
// ---------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = functionApp.outputs.url
output SERVICE_API_ENDPOINTS array = [
  functionApp.outputs.url
]
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString

// What this environment is (development or production), read by the hooks.
output ENVIRONMENT_KIND string = environmentKind

// Non-secret application settings, echoed so that infra/hooks/postprovision.* can write
// a local settings file that matches the deployed app.
output TASK_HUB_NAME string = taskHubName
output REVIEWER_EMAILS string = reviewerEmails
output REVIEW_DAY_LENGTH string = reviewDayLength
output REVIEW_MAX_REMINDERS string = reviewMaxReminders
output CATALOGUE_PATH string = cataloguePath
output REVIEW_LINK_LIFETIME string = reviewLinkLifetime
output REVIEW_TOKEN_ACTIVE_KEY_ID string = reviewTokenActiveKeyId
output REVIEW_TOKEN_KEY_IDS string = reviewTokenKeyIds
// The key ids whose secrets infra/hooks/root-keys.sh creates when they are missing (with REVIEW_TOKEN_KEY_IDS).
output CITIZEN_ACCESS_ACTIVE_KEY_ID string = citizenAccessActiveKeyId
output CITIZEN_ACCESS_KEY_IDS string = citizenAccessKeyIds
output TRANSPARENCY_SIGNING_ACTIVE_KEY_ID string = transparencySigningActiveKeyId
output TRANSPARENCY_SIGNING_KEY_IDS string = transparencySigningKeyIds
output SMTP_HOST string = smtpHost
output SMTP_PORT int = smtpPort
output SMTP_SECURITY string = smtpSecurity
output SMTP_USERNAME string = smtpUserName
output SMTP_FROM_ADDRESS string = smtpFromAddress
output SMTP_FROM_NAME string = empty(smtpFromName) ? 'Services en ligne' : smtpFromName
output CORS_ALLOWED_ORIGINS string = join(corsOrigins, ',')
