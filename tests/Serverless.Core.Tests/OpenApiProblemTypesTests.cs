using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Serverless.Core.Applications;
using Serverless.Core.Edge;
using Serverless.Core.Submission;

namespace Serverless.Core.Tests;

/// <summary>
/// docs/openapi.yaml names every problem type a client can meet before a handler runs or while a body is read, with
/// the limits the code applies, so a new refusal or a changed limit cannot be left out of the contract.
/// </summary>
public sealed partial class OpenApiProblemTypesTests
{
    private static readonly string Document = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "openapi.yaml"));

    /// <summary>The edge's own answers (RefusalResults and EdgeGuard write these names as literals).</summary>
    private static readonly string[] EdgeAnswers = ["bad-path", "not-found", "method-not-allowed", "uri-too-long", "unexpected"];

    /// <summary>Every refusal the body readers can raise: each factory of <see cref="RequestRefusedException"/>, called.</summary>
    public static TheoryData<string> RefusalTypes()
    {
        var data = new TheoryData<string>();
        var factories = typeof(RequestRefusedException).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(method => method.ReturnType == typeof(RequestRefusedException));
        foreach (var factory in factories)
        {
            var arguments = factory.GetParameters().Select(parameter => parameter.ParameterType switch
            {
                var type when type == typeof(int) => (object?)1,
                var type when type == typeof(long) => 1L,
                var type when type == typeof(string) => "champ",
                _ => null,
            }).ToArray();
            data.Add(((RequestRefusedException)factory.Invoke(null, arguments)!).Type);
        }

        foreach (var name in EdgeAnswers)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RefusalTypes))]
    public void ProblemType_EveryRefusal_IsNamedInTheOpenApiDocument(string type)
    {
        Assert.Matches($@"\b{Regex.Escape(type)}\b", ProblemTypeDescription());
    }

    [Fact]
    public void ProblemType_TheDocumentedLimits_AreTheCodesLimits()
    {
        var description = ProblemTypeDescription().Replace(",", string.Empty, StringComparison.Ordinal);

        foreach (var limit in new[] { SubmissionLimits.MaxFields, SubmissionLimits.MaxJsonMembers, SubmissionLimits.MaxNameLength, SubmissionLimits.MaxTextLength, SubmissionLimits.MaxFileNameLength })
        {
            Assert.Contains(limit.ToString(CultureInfo.InvariantCulture), description, StringComparison.Ordinal);
        }

        Assert.Contains($"first {SubmissionLimits.MaxReportedErrors} field errors", Document, StringComparison.Ordinal);
    }

    /// <summary>The description of <c>Problem.type</c> in the document's components (one folded block).</summary>
    private static string ProblemTypeDescription()
    {
        var match = ProblemTypeBlock().Match(Document);
        Assert.True(match.Success, "docs/openapi.yaml has no description for Problem.type");
        return match.Groups["text"].Value;
    }

    [GeneratedRegex(@"    Problem:\s+type: object\s+properties:\s+type:.*?description: >-\n(?<text>(?:            .*\n)+)", RegexOptions.Singleline)]
    private static partial Regex ProblemTypeBlock();
}
