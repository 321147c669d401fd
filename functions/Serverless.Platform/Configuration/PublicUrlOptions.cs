namespace Serverless.Platform.Configuration;

/// <summary>The public address of the API, used to build links in e-mails and QR codes.</summary>
public sealed class PublicUrlOptions
{
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    public string Api(string relative) => $"{PublicBaseUrl.TrimEnd('/')}/api/{relative.TrimStart('/')}";
}
