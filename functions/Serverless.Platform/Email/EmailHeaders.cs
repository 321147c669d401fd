namespace Serverless.Platform.Email;

/// <summary>Headers an e-mail carries for support and for the fault harness: which application and which step sent it.</summary>
public static class EmailHeaders
{
    public const string Reference = "X-Application-Reference";

    public const string Step = "X-Outbox-Step";
}
