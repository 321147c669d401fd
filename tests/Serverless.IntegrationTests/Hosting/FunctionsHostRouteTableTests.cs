using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Addresses;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using YamlDotNet.RepresentationModel;

namespace Serverless.IntegrationTests.Hosting;

/// <summary>
/// The Functions host's route table, computed from the Functions app's build output as the host computes it (function
/// names in order, first matching template and method wins, host.json's routePrefix): every request the API documents
/// must reach the function that documents it. On Azure a shadowed route answers 404 while every local test passes.
/// </summary>
public sealed class FunctionsHostRouteTableTests
{
    /// <summary>A value for each route parameter, shaped like a real one.</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["procedureId"] = "school-enrolment",
        ["reference"] = "ECO-2026-7K3F9Q",
        ["token"] = "v1.eyJyIjoiRUNPIn0.c2lnbmF0dXJl",
        ["attachmentId"] = "3f1c2b9a",
        ["number"] = "ATT-2026-000042",
        ["communeId"] = "saint-exemple",
        ["size"] = "42",
        ["endpointId"] = "mairie-sig",
        ["path"] = "nowhere/at/all",
    };

    private static readonly string[] EveryMethod = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

    public static IRouter HostRouter(IEnumerable<HttpFunctionRoute> functions, string routePrefix) =>
        FunctionsHostRouteTable.Build(functions, ConstraintResolver, _ => _ => Task.CompletedTask, routePrefix);

    /// <summary>Routing and logging, as the host's routes find them in its services.</summary>
    public static IServiceProvider RoutingServices { get; } = new ServiceCollection().AddLogging().AddRouting().BuildServiceProvider();

    public static IInlineConstraintResolver ConstraintResolver => RoutingServices.GetRequiredService<IInlineConstraintResolver>();

    public static Task<string?> ResolveAsync(IRouter router, string method, string path) =>
        FunctionsHostRouteTable.ResolveAsync(router, RoutingServices, method, path);

    /// <summary>Every operation of docs/openapi.yaml: its method, its path with sample values, and its operationId.</summary>
    public static IReadOnlyList<(string Method, string Path, string Function)> DocumentedRequests()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(FunctionsAppBuild.RepositoryRoot, "docs", "openapi.yaml")))
        {
            yaml.Load(reader);
        }

        var paths = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("paths")];
        var requests = new List<(string, string, string)>();
        foreach (var (path, item) in paths.Children)
        {
            foreach (var (method, operation) in ((YamlMappingNode)item).Children)
            {
                var verb = ((YamlScalarNode)method).Value!;
                if (verb is "parameters" or "summary" or "description")
                {
                    continue;
                }

                var operationId = ((YamlMappingNode)operation).Children.TryGetValue(new YamlScalarNode("operationId"), out var id)
                    ? ((YamlScalarNode)id).Value!
                    : throw new Xunit.Sdk.XunitException($"docs/openapi.yaml: {verb} {path} has no operationId (the function that answers it)");
                requests.Add((verb.ToUpperInvariant(), Instantiate(((YamlScalarNode)path).Value!.TrimStart('/')), operationId));
            }
        }

        return requests;
    }

    /// <summary>A route template with a sample value in each parameter (catch-all and constrained ones included).</summary>
    public static string Instantiate(string template) =>
        Regex.Replace(template, @"\{\*?(?<name>[A-Za-z]+)[^}]*\}", match =>
            Samples.TryGetValue(match.Groups["name"].Value, out var value)
                ? value
                : throw new Xunit.Sdk.XunitException($"No sample value for route parameter '{match.Groups["name"].Value}': add one to {nameof(Samples)}"));

    [Fact]
    public void OpenApi_EveryDocumentedOperation_NamesAnHttpFunctionThatDeclaresItsRouteAndMethod()
    {
        var functions = FunctionsAppBuild.HttpFunctions().ToDictionary(function => function.FunctionName);
        var wrong = DocumentedRequests()
            .Where(request => !functions.TryGetValue(request.Function, out var function)
                || !function.Methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase)
                || Instantiate(function.Route) != request.Path)
            .Select(request => $"{request.Method} /{request.Path}: operationId {request.Function}")
            .ToList();

        Assert.True(wrong.Count == 0, "Documented operations whose operationId is not the function declaring that route and method:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public async Task FunctionsHostRouteTable_EveryDocumentedRequestAndEveryDeclaredRoute_ReachesItsOwnFunction()
    {
        var prefix = FunctionsAppBuild.RoutePrefix();
        var functions = FunctionsAppBuild.HttpFunctions();
        var router = HostRouter(functions, prefix);

        var expected = DocumentedRequests().Select(request => (request.Method, request.Path, request.Function))
            .Concat(functions.Where(function => function.FunctionName != FunctionNames.Fallback)
                .SelectMany(function => function.Methods.Select(method => (Method: method.ToUpperInvariant(), Path: Instantiate(function.Route), function.FunctionName))))
            .Distinct()
            .ToList();

        var shadowed = new List<string>();
        foreach (var (method, path, function) in expected)
        {
            var answered = await ResolveAsync(router, method, $"/{prefix}/{path}");
            if (answered != function)
            {
                shadowed.Add($"{method} /{prefix}/{path} → {answered ?? "(no function: the host's 404)"}, documented as {function}");
            }
        }

        Assert.True(shadowed.Count == 0, $"{shadowed.Count} of {expected.Count} requests would reach another function on the Functions host:\n" + string.Join('\n', shadowed));
    }

    [Fact]
    public async Task FunctionsHostRouteTable_UnknownAddressAndWrongMethod_ReachTheFallback()
    {
        var prefix = FunctionsAppBuild.RoutePrefix();
        var functions = FunctionsAppBuild.HttpFunctions();
        var router = HostRouter(functions, prefix);
        var unanswered = new List<string>();

        // Addresses nothing documents, and every documented address with every method it does not declare.
        var requests = new[] { "nowhere", "procedures/school-enrolment/unknown/deeper/still", "agent/unknown", "review", "verify/a/b/c", string.Empty }
            .SelectMany(path => EveryMethod.Select(method => (Method: method, Path: path)))
            .Concat(functions.Where(function => function.FunctionName != FunctionNames.Fallback)
                .GroupBy(function => Instantiate(function.Route))
                .SelectMany(address => EveryMethod
                    .Where(method => !address.Any(function => function.Methods.Contains(method, StringComparer.OrdinalIgnoreCase)))
                    .Select(method => (Method: method, Path: address.Key))));

        foreach (var (method, path) in requests)
        {
            var answered = await ResolveAsync(router, method, $"/{prefix}/{path}");
            if (answered != FunctionNames.Fallback)
            {
                unanswered.Add($"{method} /{prefix}/{path} → {answered ?? "(no function: the host's empty 404)"}");
            }
        }

        Assert.True(unanswered.Count == 0, "Requests that should get the app's 404 or 405 but do not:\n" + string.Join('\n', unanswered));
    }

    [Fact]
    public void FallbackName_IsTheGreatestNameTheHostAccepts_SoItsRouteIsTriedLast()
    {
        // The host's rule for function names (Utility.FunctionNameValidationRegex in azure-functions-host).
        var valid = new Regex(@"^[a-z][a-z0-9_\-]{0,127}$(?<!^host$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".Select(character => character.ToString()).ToList();
        var greatestCharacter = alphabet.Max(StringComparer.OrdinalIgnoreCase)!;
        var greatestFirst = alphabet.Where(character => char.IsLetter(character[0])).Max(StringComparer.OrdinalIgnoreCase)!;

        Assert.Matches(valid, FunctionNames.Fallback);
        // The greatest first character, then the greatest character in every other place the length allows: no valid
        // name can sort after it, whatever functions are added later.
        Assert.Equal(greatestFirst.ToUpperInvariant() + new string(greatestCharacter[0], 127), FunctionNames.Fallback.ToUpperInvariant());
        var names = FunctionsAppBuild.HttpFunctions().Select(function => function.FunctionName).ToList();
        Assert.Equal(FunctionNames.Fallback, FunctionsHostRouteTable.InHostOrder(names.Select(name => new HttpFunctionRoute(name, [], name)))[^1].FunctionName);
    }

    [Fact]
    public void RoutePrefix_HostJsonAndBothHosts_Agree()
    {
        Assert.Equal(FunctionsHostRouteTable.RoutePrefix, FunctionsAppBuild.RoutePrefix());
    }
}
