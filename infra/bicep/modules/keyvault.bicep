// Key Vault in RBAC mode holding the application's secrets. The function app reads them
// through Key Vault references resolved with its user-assigned identity
// ("Key Vault Secrets User"); nothing secret is stored in app settings or outputs.
//
// Secrets written here:
//   review-token-key-1       HMAC key of the review links (ReviewTokens__Keys__k1)  } on the first
//   citizen-access-key       key behind the citizens' access secrets (CitizenAccess__Key) } provision only
//   transparency-signing-key key material of the log checkpoints' Ed25519 key (Transparency__SigningKey) }
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

@description('Write review-token-key-1 and citizen-access-key. False once they exist, so that keys in use are never replaced by a re-provision.')
param writeGeneratedSecrets bool = true

@description('HMAC key of the review links (secret review-token-key-1).')
@secure()
param reviewTokenKey string

@description('Key used to derive/verify the citizens\' access secrets (secret citizen-access-key).')
@secure()
param citizenAccessKey string

@description('Key material (base64, at least 32 bytes) of the Ed25519 key that signs the transparency-log checkpoints (secret transparency-signing-key).')
@secure()
param transparencySigningKey string

@description('SMTP password (secret smtp-password). Empty: the secret is not written.')
@secure()
param smtpPassword string = ''

@description('Base64 PFX used to sign certificates (secret certificate-signing-pfx). Empty: the secret is not written.')
@secure()
param certificateSigningPfx string = ''

@description('Name of the user-assigned identity of the function app (already deployed).')
param appIdentityName string

@description('Object id of the deploying user or principal, granted "Key Vault Secrets Officer" to read and rotate secrets. Empty: no assignment.')
param principalId string = ''

@description('Type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

// Built-in role definition ids.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

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

resource reviewTokenKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (writeGeneratedSecrets) {
  parent: vault
  name: 'review-token-key-1'
  tags: tags
  properties: {
    value: reviewTokenKey
    contentType: 'text/plain; HMAC-SHA256 key of review links (key id k1)'
  }
}

resource citizenAccessKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (writeGeneratedSecrets) {
  parent: vault
  name: 'citizen-access-key'
  tags: tags
  properties: {
    value: citizenAccessKey
    contentType: 'text/plain; citizen access key'
  }
}

resource transparencySigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (writeGeneratedSecrets) {
  parent: vault
  name: 'transparency-signing-key'
  tags: tags
  properties: {
    value: transparencySigningKey
    contentType: 'text/plain; key material of the Ed25519 checkpoint signing key'
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

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentity.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource userSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, keyVaultSecretsOfficerRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRoleId)
    principalId: principalId
    principalType: principalType
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Vault URI, e.g. https://<name>.vault.azure.net/')
output uri string = vault.properties.vaultUri
