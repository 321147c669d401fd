using Serverless.IntegrationTests.Hosting;

namespace Serverless.IntegrationTests.Privacy;

/// <summary>Reports a test leaves for people to read (git-ignored <c>artifacts/</c> at the repository's root).</summary>
internal static class Artifacts
{
    public static void Write(string relativePath, string text)
    {
        var path = Path.Combine(FunctionsAppBuild.RepositoryRoot, "artifacts", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
    }
}
