using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Serverless.Core.Tests.Architecture;

/// <summary>
/// Which feature folder of <c>Serverless.Core</c> uses which, read by the C# compiler itself: every name in the
/// sources bound to its symbol, and the symbol's namespace (<c>Serverless.Core.{Feature}…</c>) taken as the folder it
/// lives in. A text search would miss names used without a <c>using</c> (same parent namespace) and count comments.
/// </summary>
public sealed class FeatureDependencies
{
    private const string CorePrefix = "Serverless.Core.";

    private FeatureDependencies(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> uses, IReadOnlyDictionary<(string From, string To), SortedSet<string>> types, IReadOnlyList<string> compileErrors)
    {
        Uses = uses;
        Types = types;
        CompileErrors = compileErrors;
    }

    /// <summary>For each feature and feature it uses, the types it names there (what to move to break a cycle).</summary>
    public IReadOnlyDictionary<(string From, string To), SortedSet<string>> Types { get; }

    /// <summary>Feature → the features it uses → how many names it binds in them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Uses { get; }

    /// <summary>Errors of the compilation (none expected: a name that does not bind is a dependency not seen).</summary>
    public IReadOnlyList<string> CompileErrors { get; }

    public IEnumerable<string> Features => Uses.Keys.Order(StringComparer.Ordinal);

    /// <summary>The pairs of features that use each other, each once ("A ↔ B", A before B).</summary>
    public IReadOnlyList<string> TwoWayPairs() =>
        [.. from a in Uses.Keys
            from b in Uses[a].Keys
            where string.CompareOrdinal(a, b) < 0 && Uses.TryGetValue(b, out var back) && back.ContainsKey(a)
            orderby a, b
            select $"{a} ↔ {b}"];

    public static FeatureDependencies Of(string coreDirectory)
    {
        var trees = Directory.EnumerateFiles(coreDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview), path))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview), "ImplicitUsings.cs"))
            .ToList();
        var compilation = CSharpCompilation.Create(
            "Serverless.Core.Analysed",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        var errors = compilation.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error && !GeneratedParts.Contains(diagnostic.Id))
            .Select(diagnostic => diagnostic.ToString())
            .Take(10)
            .ToList();

        var uses = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var types = new Dictionary<(string From, string To), SortedSet<string>>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            var root = tree.GetRoot();
            var declared = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
            if (FeatureOf(declared) is not { } feature)
            {
                continue;
            }

            var used = uses.TryGetValue(feature, out var existing) ? existing : uses[feature] = new(StringComparer.Ordinal);
            foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                // A using directive is not a use: what the file does with the names it imports is.
                if (name.Ancestors().Any(node => node is UsingDirectiveSyntax))
                {
                    continue;
                }

                var symbol = model.GetSymbolInfo(name).Symbol ?? model.GetSymbolInfo(name).CandidateSymbols.FirstOrDefault();
                var type = symbol switch
                {
                    ITypeSymbol typeSymbol => typeSymbol,
                    { ContainingType: { } containing } => containing,
                    _ => null,
                };
                var target = FeatureOf((type?.OriginalDefinition.ContainingNamespace)?.ToDisplayString());
                if (target is not null && target != feature)
                {
                    used[target] = used.GetValueOrDefault(target) + 1;
                    var named = types.TryGetValue((feature, target), out var set) ? set : types[(feature, target)] = new SortedSet<string>(StringComparer.Ordinal);
                    named.Add(type!.OriginalDefinition.Name);
                }
            }
        }

        return new FeatureDependencies(
            uses.ToDictionary(pair => pair.Key, pair => (IReadOnlyDictionary<string, int>)pair.Value, StringComparer.Ordinal),
            types,
            errors);
    }

    /// <summary>
    /// Partial methods and properties whose other part the source generators write (LoggerMessage, GeneratedRegex): the
    /// analysis does not run the generators, and their absence changes no dependency between folders.
    /// </summary>
    private static readonly HashSet<string> GeneratedParts = ["CS8795", "CS9248"];

    /// <summary>The feature a namespace belongs to: its first segment under <c>Serverless.Core</c>; none for the root (the composition root).</summary>
    private static string? FeatureOf(string? @namespace) =>
        @namespace is not null && @namespace.StartsWith(CorePrefix, StringComparison.Ordinal)
            ? @namespace[CorePrefix.Length..].Split('.')[0]
            : null;

    /// <summary>The framework and every assembly beside the tests (Core's packages and Serverless.Platform), Core itself excepted.</summary>
    private static ImmutableArray<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var beside = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
        return [.. platform.Concat(beside)
            .Where(path => Path.GetFileName(path) != "Serverless.Core.dll")
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(group => MetadataReference.CreateFromFile(group.First()))];
    }

    /// <summary>The SDK's implicit usings of a library project (Microsoft.NET.Sdk, ImplicitUsings enabled).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
