// User-assigned managed identity used by the function app for everything:
// storage (AzureWebJobsStorage and the application's own blobs/tables), Key Vault
// references, Application Insights (Entra ID ingestion) and the deployment package.
// A user-assigned identity exists before the app, so role assignments can be granted
// before the first start and survive a re-creation of the app.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Client (application) id of the identity: goes into AzureWebJobsStorage__clientId and APPLICATIONINSIGHTS_AUTHENTICATION_STRING.')
output clientId string = identity.properties.clientId

@description('Object (principal) id of the identity: used for role assignments.')
output principalId string = identity.properties.principalId
