// Key Vault in RBAC mode holding the application's secrets. The function app reads them
// through Key Vault references resolved with its user-assigned identity
// ("Key Vault Secrets User"); nothing secret is stored in app settings or outputs.
//
// The root keys (review-token-key-<N>, citizen-access-key[-<N>], transparency-signing-key[-<N>]) are NOT written
// here: a Microsoft.KeyVault/vaults/secrets resource is a PUT that sets the value (a new version) at every
// deployment (https://learn.microsoft.com/azure/templates/microsoft.keyvault/vaults/secrets), and a template cannot
// ask the vault whether a secret exists. infra/hooks/root-keys.sh creates each one only when the vault does not
// have it (docs/decisions/0010-root-keys-survive-provisioning.md); infra/check.sh fails if a root key appears here.
//
// Secrets written here, both values an operator chose (re-provisioning writes the same value again):
//   smtp-password            only when a value is given (Smtp__Password)
//   certificate-signing-pfx  only when a value is given (CertificateSigning__Pfx, base64 PFX)
// A secret whose parameter is empty is NOT written, so a value set by an operator
// (az keyvault secret set) is never overwritten with an empty one.

@description('Name of the Key Vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the vault and its secrets.')
param tags object

@description('Enable purge protection (cannot be turned off again once enabled). Recommended in production.')
param enablePurgeProtection bool = true

@description('Days during which a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('SMTP password (secret smtp-password). Empty: the secret is not written.')
@secure()
param smtpPassword string = ''

@description('Base64 PFX used to sign certificates (secret certificate-signing-pfx). Empty: the secret is not written.')
@secure()
param certificateSigningPfx string = ''

@description('Name of the user-assigned identity of the function app (already deployed).')
param appIdentityName string

@description('Object id of the deploying user or principal (see environmentKind). Empty: no assignment.')
param principalId string = ''

@description('Type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('development: the deploying principal is Key Vault Secrets Officer (reads and writes secret values). production: only Key Vault Reader (names and metadata, never a value).')
@allowed([
  'development'
  'production'
])
param environmentKind string

// Each item: { commune: 'saint-exemple', id: 'maire', displayName: 'Jean Maire' } (letters, digits and dashes in
// commune and id; the display name is for the operator: the certificate carries the printed name). A plain array, not
// a user-defined type: a type would switch the compiled template to symbolic names, which infra/tests/check-roles.py reads otherwise.
@description('The elected officials and agents who sign decisions (docs/SIGNATURES.md): commune id, signatory id (e.g. maire, dgs, adjointe-education), display name. List a signatory once their certificate signatory-<commune>-<id> exists in the vault (docs/deploy.md, "Signatories").')
param signatories array = []

// Built-in role definition ids (https://learn.microsoft.com/azure/key-vault/general/rbac-guide).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
var keyVaultReaderRoleId = '21090545-7ca7-4776-b22c-e363652d74d2'
var keyVaultCryptoUserRoleId = '12338af0-0e69-4776-b7a2-a44fd01f3b98'
var deployerRoleId = environmentKind == 'development' ? keyVaultSecretsOfficerRoleId : keyVaultReaderRoleId

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: appIdentityName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Purge protection can only be enabled; sending false is rejected, so omit it instead.
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(smtpPassword)) {
  parent: vault
  name: 'smtp-password'
  tags: tags
  properties: {
    value: smtpPassword
    contentType: 'text/plain; SMTP password'
  }
}

resource certificateSigningPfxSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(certificateSigningPfx)) {
  parent: vault
  name: 'certificate-signing-pfx'
  tags: tags
  properties: {
    value: certificateSigningPfx
    contentType: 'application/x-pkcs12; base64'
  }
}

// Why: the app resolves its Key Vault references (root keys, SMTP password, PFX, webhook secrets) with its identity;
// Secrets User reads values and cannot write, delete or list them. Scope: the vault, because the root keys are
// created after this deployment (by the hook), and a role assignment cannot be scoped to a secret that does not
// exist yet.
resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentity.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Signatories' keys. Why certificates rather than keys created here: the code reads each signatory's certificate
// with the Certificates API, and Key Vault attaches a certificate only to the key it generated for that certificate's
// CSR (az keyvault certificate create, then "pending merge" of the CA's answer); a key created by this template could
// never carry the certificate a commune's certification authority issues. Creating a certificate creates a key of the
// same name (https://learn.microsoft.com/azure/key-vault/certificates/about-certificates#composition-of-a-certificate),
// and that key is what each role below is scoped to.
resource signatoryKeys 'Microsoft.KeyVault/vaults/keys@2023-07-01' existing = [for signatory in signatories: {
  parent: vault
  name: 'signatory-${signatory.commune}-${signatory.id}'
}]

// Why: the app signs each decision with the signatory's key through Key Vault's sign operation (keys/sign data
// action); scoped to that one key, so the identity cannot use any other key of the vault, nor read key material.
resource appSignatoryKeyUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (signatory, index) in signatories: {
  name: guid(vault.id, appIdentity.id, keyVaultCryptoUserRoleId, signatory.commune, signatory.id)
  scope: signatoryKeys[index]
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCryptoUserRoleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

// Why: the app reads each signatory's public certificate (certificates/read). Certificates are not resources a role
// can be scoped to in a template, so Key Vault Reader on the vault: names, metadata and public certificates, never a
// secret's value nor a key's private part. Only when someone signs.
resource appCertificateReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(signatories)) {
  name: guid(vault.id, appIdentity.id, keyVaultReaderRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultReaderRoleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Why: the deploying principal runs infra/hooks/root-keys.sh after each provision, which must see which root keys
// exist. In development it is also Secrets Officer, to create them, rotate them and read them for local
// debugging; in production only Key Vault Reader (names and metadata, never a value): creating a missing key or
// rotating one there takes temporary access (docs/deploy.md, "Temporary access in production").
resource deployerVaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, deployerRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', deployerRoleId)
    principalId: principalId
    principalType: principalType
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Vault URI, e.g. https://<name>.vault.azure.net/')
output uri string = vault.properties.vaultUri
