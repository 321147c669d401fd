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

@description('Durable Functions task hub name (TaskHubName): its tables and blob containers are created here so that the app\'s roles can be scoped to them.')
param taskHubName string

@description('Name of the user-assigned identity of the function app (already deployed).')
param appIdentityName string

@description('Object id of the deploying user or principal, granted data access in development only. Empty: no assignment.')
param principalId string = ''

@description('Type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('development: the deploying principal gets data roles on the account to debug locally. production: none.')
@allowed([
  'development'
  'production'
])
param environmentKind string

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage).
// Storage Blob Data Owner is deliberately absent: on top of Contributor it manages containers' immutability
// policies, legal holds and blob ACLs (Microsoft.Storage/storageAccounts/blobServices/containers/*), which would let
// the app unlock or shorten the audit archive's write-once policy.
var roles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

// The Durable Task Azure Storage provider names its resources after the task hub
// (https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-azure-storage-provider): containers
// with the lower-cased name, tables with the name as given. The provider creates them when missing; creating them
// here lets the app's roles name them.
var hubLower = toLower(taskHubName)

// Every blob container, each with a Storage Blob Data Contributor assignment for the app scoped to it.
var blobContainerNames = [
  // The application (functions/Serverless.Core/Addresses/StorageNames.cs).
  'attachments'
  'certificates'
  'catalogue-versions'
  'drafts'
  'outbox-messages'
  // Each commune's published statistics: private since allowBlobPublicAccess is false; the app serves them at
  // /api/open-data/... (docs/OPEN-DATA.md).
  'open-data'
  // The Functions host with identity-based AzureWebJobsStorage: host locks, timer schedules (azure-webjobs-hosts),
  // function keys (azure-webjobs-secrets, the default blob key store).
  'azure-webjobs-hosts'
  'azure-webjobs-secrets'
  // The Durable Task hub: partition leases (blob partition manager), the app lease, payloads too large for a queue
  // message or a table row.
  '${hubLower}-leases'
  '${hubLower}-applease'
  '${hubLower}-largemessages'
  // The Flex Consumption deployment package, which the platform reads with the app identity.
  deploymentContainerName
]

var tableNames = [
  // The application (functions/Serverless.Core/Addresses/StorageNames.cs).
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
  'CitizenSignIns'
  'CitizenSessions'
  'CitizenApplications'
  'PaymentOperations'
  'Payments'
  // The Durable Task hub: instance status, history, and the table partition manager's leases.
  '${taskHubName}Instances'
  '${taskHubName}History'
  '${taskHubName}Partitions'
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
    // No anonymous read of any container, whatever a container's own setting says: open data is served by the app.
    allowBlobPublicAccess: false
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

// --- Role assignments --------------------------------------------------------------------------------------------
// Identity-based AzureWebJobsStorage with Durable Functions needs Blob Data Contributor, Queue Data Contributor and
// Table Data Contributor (https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity).
// The same page lists Blob Data Owner for the host alone; what Owner adds over Contributor (ACLs, tags, immutability
// policies and legal holds) is nothing the host uses on this account (no hierarchical namespace), and Contributor
// keeps "read, write, create containers" (Microsoft.Storage/storageAccounts/blobServices/containers/write).
// Each role is scoped to the container or table it serves, except queues (below).

// Why: the app and the host read and write blobs in each container (see blobContainerNames). Scope: that container.
// Contributor can also delete the container it is scoped to; container soft delete keeps it for
// softDeleteRetentionDays.
resource appBlobRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in blobContainerNames: {
    name: guid(containers[i].id, appIdentity.id, roles.storageBlobDataContributor)
    scope: containers[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Why: the Checkpointer archives every signed checkpoint and timestamp there (create only, If-None-Match: *). Scope:
// that container. The write-once policy still binds the app: Contributor has no immutabilityPolicies action (it
// cannot shorten, delete or lock the policy), the policy refuses to change or delete an archived blob, and a container
// holding protected blobs cannot be deleted (https://learn.microsoft.com/azure/storage/blobs/immutable-storage-overview).
resource appAuditArchiveRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(auditArchive.id, appIdentity.id, roles.storageBlobDataContributor)
  scope: auditArchive
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Why: the app's tables and the task hub's instance, history and partition tables. Scope: each table
// (https://learn.microsoft.com/azure/storage/tables/assign-azure-role-data-access: a table role can name one table).
resource appTableRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (tableName, i) in tableNames: {
    name: guid(tables[i].id, appIdentity.id, roles.storageTableDataContributor)
    scope: tables[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Why: the task hub's control queues ({hub}-control-00 … -NN, NN from host.json's partitionCount) and work-item
// queue, the app's three queues, and the "<queue>-poison" queues that the Functions queue trigger creates the first
// time a message fails maxDequeueCount times (PoisonedMessages reads them). Scope: the ACCOUNT, the one exception:
// these queues are created at run time, with names that depend on host.json, so no template can list them all.
// Queue messages carry references and work items, never an application's values.
resource appQueueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appIdentity.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Why: in a development environment only, the deploying user debugs locally against this account with `az login`
// (infra/hooks/postprovision.*). Scope: the account, because the local host runs its own task hub ("<hub>local")
// whose tables, queues and containers it creates at run time. A production environment grants the deploying
// principal no data role at all (docs/deploy.md, "Temporary access in production").
var developerRoleIds = environmentKind == 'development' && !empty(principalId)
  ? [
      roles.storageBlobDataContributor
      roles.storageQueueDataContributor
      roles.storageTableDataContributor
    ]
  : []

resource developerRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in developerRoleIds: {
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
