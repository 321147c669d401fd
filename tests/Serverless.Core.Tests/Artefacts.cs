namespace Serverless.Core.Tests;

/// <summary>Files a test keeps for people to look at, under artifacts/ at the repository root (git-ignored).</summary>
internal static class Artefacts
{
    public static void Keep(string name, byte[] content)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Serverless.sln")))
        {
            folder = folder.Parent;
        }

        var target = Path.Combine(folder?.FullName ?? Path.GetTempPath(), "artifacts", "signatures");
        Directory.CreateDirectory(target);
        File.WriteAllBytes(Path.Combine(target, name), content);
    }
}
