using System.Globalization;
using System.Text;

namespace Serverless.Core.Tests.Architecture;

/// <summary>
/// The direction of dependencies. Between projects the compiler enforces it (Serverless.Platform references no project
/// of the repository); between the feature folders of Serverless.Core these tests do: the pairs of folders that use
/// each other can only become fewer.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>
    /// The two-way pairs left after the move into feature folders (issue 25: 29 when the files first moved, these 6
    /// after the contracts and shared pieces went to the side that owns them). A new pair fails the test; a pair that
    /// disappears must be struck from this list, so the list only shrinks. Why each is left:
    /// the audit trail appends to the transparency log, which reads the trail back to verify and sweep;
    /// the application's status names the workflow's outcomes, which carry the status;
    /// the review page reads the signed-in agent of the back office, whose pages record decisions through Review;
    /// the log includes certificates, which carry their inclusion proof;
    /// the form offers "save and resume" (Drafts), whose resumed form is submitted through Submission;
    /// the usage report reads the statistics facts, whose nightly run meters usage.
    /// </summary>
    private static readonly string[] KnownTwoWayPairs =
    [
        "Applications ↔ Transparency",
        "Applications ↔ Workflow",
        "BackOffice ↔ Review",
        "Certificates ↔ Transparency",
        "Drafts ↔ Submission",
        "OpenData ↔ Usage",
    ];

    private static readonly Lazy<FeatureDependencies> Dependencies = new(() => FeatureDependencies.Of(Path.Combine(Root(), "functions", "Serverless.Core")));

    [Fact]
    public void Platform_ReferencesNoProjectOfTheRepository_FeaturesDependOnItNeverTheReverse()
    {
        var platform = typeof(Serverless.Platform.Http.Results).Assembly;

        var ours = platform.GetReferencedAssemblies().Where(name => name.Name!.StartsWith("Serverless.", StringComparison.Ordinal)).Select(name => name.Name).ToList();

        Assert.Empty(ours);
        Assert.DoesNotContain("<ProjectReference", File.ReadAllText(Path.Combine(Root(), "functions", "Serverless.Platform", "Serverless.Platform.csproj")), StringComparison.Ordinal);
    }

    [Fact]
    public void FeatureDependencies_CompiledFromTheSources_SeeEveryName()
    {
        var dependencies = Dependencies.Value;

        Assert.True(dependencies.CompileErrors.Count == 0, "The sources did not compile for the analysis:\n" + string.Join("\n", dependencies.CompileErrors));
        // Sanity: the analysis sees the obvious uses (a review link records its decision in the application's record).
        Assert.True(dependencies.Uses["Review"].ContainsKey("Applications"), "Review is expected to use Applications");
        Assert.True(dependencies.Features.Count() >= 20, $"only {dependencies.Features.Count()} feature folders seen");
    }

    [Fact]
    public void FeatureFolders_UseEachOther_NoNewTwoWayPair()
    {
        var dependencies = Dependencies.Value;
        var pairs = dependencies.TwoWayPairs();
        WriteReport(dependencies, pairs);

        var added = pairs.Except(KnownTwoWayPairs, StringComparer.Ordinal).ToList();
        var gone = KnownTwoWayPairs.Except(pairs, StringComparer.Ordinal).ToList();

        Assert.True(added.Count == 0, $"New two-way dependencies between feature folders: {string.Join(", ", added)}. Make one side depend on the other only (move the shared piece to the side that owns it, or pass it in).");
        Assert.True(gone.Count == 0, $"These pairs no longer use each other both ways; strike them from {nameof(KnownTwoWayPairs)}: {string.Join(", ", gone)}.");
    }

    /// <summary>The matrix, for the reader of the test's artefacts (artifacts/architecture/feature-dependencies.md).</summary>
    private static void WriteReport(FeatureDependencies dependencies, IReadOnlyList<string> pairs)
    {
        var report = new StringBuilder()
            .AppendLine("# Feature folders of Serverless.Core and what each uses")
            .AppendLine()
            .AppendLine("Counted by the C# compiler's binding of every name in the sources (ArchitectureTests). Two-way pairs: " + pairs.Count + ".")
            .AppendLine()
            .AppendLine("| Feature | Uses (names bound) |")
            .AppendLine("|---|---|");
        foreach (var feature in dependencies.Features)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {feature} | {string.Join(", ", dependencies.Uses[feature].OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}"))} |");
        }

        report.AppendLine().AppendLine("Two-way pairs:").AppendLine();
        foreach (var pair in pairs)
        {
            var (a, b) = (pair.Split(" ↔ ")[0], pair.Split(" ↔ ")[1]);
            report.AppendLine(CultureInfo.InvariantCulture, $"- {pair}: {a} → {b} ({string.Join(", ", dependencies.Types[(a, b)])}); {b} → {a} ({string.Join(", ", dependencies.Types[(b, a)])})");
        }

        var directory = Path.Combine(Root(), "artifacts", "architecture");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "feature-dependencies.md"), report.ToString());
    }

    private static string Root()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "Serverless.sln")))
        {
            directory = Path.GetDirectoryName(directory.TrimEnd(Path.DirectorySeparatorChar))!;
        }

        return directory;
    }
}
