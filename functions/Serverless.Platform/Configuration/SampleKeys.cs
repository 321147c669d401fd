namespace Serverless.Platform.Configuration;

/// <summary>
/// The keys published in <c>local.settings.sample.json</c>. Anyone can read them, so outside Development the app
/// refuses to start with them (a test keeps this list equal to the sample's values).
/// </summary>
public static class SampleKeys
{
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "wiANZlCNPGvGRbGWWkoHS+1kXft/L0aHuJ1UVdvKdi4=",
        "dgmKiV7FV5laxVc4ByrrIwfyFYWu6F3y/4uzyfBwiVE=",
    };
}
