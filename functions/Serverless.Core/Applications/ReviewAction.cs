namespace Serverless.Core.Applications;

/// <summary>What a reviewer decides for one round of an application.</summary>
public enum ReviewAction
{
    Approve,
    Reject,
    RequestChanges,
}
