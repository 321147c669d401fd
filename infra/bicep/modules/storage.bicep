// Storage account shared by the Functions host (AzureWebJobsStorage, Durable Task hub),
// the application (attachments, certificates, catalogue versions, tables) and the Flex
// Consumption deployment package. Shared-key access is disabled: every client
// authenticates with Entra ID (managed identity in Azure, the developer's own
// identity when debugging), so there is no account key or connection string to leak.

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Replication of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Name of the blob container that receives the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Days during which deleted blobs and containers can be restored (soft delete).')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 7

@description('Days during which each archived checkpoint (container audit-archive) cannot be modified or deleted, even by the account owner.')
@minValue(1)
@maxValue(146000)
param auditArchiveRetentionDays int = 3650

@description('Name of the user-assigned identity of the function app (already deployed).')
param appIdentityName string

@description('Object id of the deploying user or principal, granted data access for debugging. Empty: no assignment.')
param principalId string = ''

@description('Type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

var appRoleIds = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

var blobContainerNames = [
  'attachments'
  'certificates'
  'catalogue-versions'
  'drafts'
  'outbox-messages'
  deploymentContainerName
]

var tableNames = [
  'Applications'
  'AuditTrail'
  'Certificates'
  'ReviewDecisions'
  'IdempotencyKeys'
  'CertificateHashes'
  'Outbox'
  'PendingRequests'
  'TransparencyLog'
  'WebhookEvents'
  'WebhookLog'
  'Retention'
  'Tombstones'
  'StatisticsFacts'
  'StatisticsMonths'
  'UsageFacts'
  'UsageMonths'
  'AgentSignIns'
  'AgentSessions'
  'BackOfficeIndex'
  'AgentNotes'
  'Drafts'
]

// Queues of the application itself (the Durable Task hub creates its own).
var queueNames = [
  'webhook-deliveries'
  'workflow-starts'
  'email-deliveries'
]

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: appIdentityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    // Needed for the one public container (open-data) only: every other container says publicAccess 'None'.
    allowBlobPublicAccess: true
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for containerName in blobContainerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// The published open data (statistics CSV/JSON per commune and their Table Schema): anonymous read of blobs (not
// listing), the only container that is public. It holds aggregates with statistical secrecy applied, no personal data.
resource openData 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'open-data'
  properties: {
    publicAccess: 'Blob'
  }
}

// Signed checkpoints of every commune's transparency log: write-once. The time-based immutability policy keeps
// each blob unalterable for auditArchiveRetentionDays; the app only ever creates blobs (If-None-Match: *).
resource auditArchive 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'audit-archive'
  properties: {
    publicAccess: 'None'
  }
}

resource auditArchivePolicy 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: auditArchive
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: auditArchiveRetentionDays
    allowProtectedAppendWrites: false
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

// The app identity: Blob Data Owner (host locks, Durable Task leases, deployment
// package, application blobs), Queue Data Contributor (Durable Task control and
// work-item queues), Table Data Contributor (Durable Task history/instances and the
// application's tables).
resource appRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appRoleIds: {
    name: guid(storage.id, appIdentity.id, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// The deploying user: the same data roles, so that the app can be debugged locally
// against this account with `az login` credentials (see infra/hooks/postprovision.*).
resource userRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in (empty(principalId) ? [] : appRoleIds): {
    name: guid(storage.id, principalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: principalId
      principalType: principalType
    }
  }
]

@description('Name of the storage account.')
output name string = storage.name

@description('Blob endpoint, e.g. https://<account>.blob.core.windows.net/')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Queue endpoint.')
output queueEndpoint string = storage.properties.primaryEndpoints.queue

@description('Table endpoint.')
output tableEndpoint string = storage.properties.primaryEndpoints.table

@description('Name of the deployment package container.')
output deploymentContainerName string = deploymentContainerName
