namespace Serverless.Platform.Telemetry;

/// <summary>
/// How a request's path and query are masked before they reach a span: the product knows which routes carry a secret
/// (its route table); telemetry only applies the masks.
/// </summary>
public sealed record UrlRedaction(Func<string, string> Path, Func<string, string> Query);
