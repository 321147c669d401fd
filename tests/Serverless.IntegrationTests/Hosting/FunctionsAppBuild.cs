using System.Text.Json;
using Serverless.Platform.Http;

namespace Serverless.IntegrationTests.Hosting;

/// <summary>
/// What the Functions host reads from the Functions app's build output: <c>functions.metadata</c> (written by the
/// Functions SDK from the <c>[Function]</c> attributes) and <c>host.json</c>.
/// </summary>
public static class FunctionsAppBuild
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string OutputDirectory
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            return Path.Combine(RepositoryRoot, "functions", "Serverless.Functions", "bin", configuration, "net10.0");
        }
    }

    public static JsonElement[] Functions()
    {
        var path = Path.Combine(OutputDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build the Functions project.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(element => element.Clone())];
    }

    /// <summary>Each function with its trigger binding.</summary>
    public static IEnumerable<(string Name, JsonElement Trigger)> Triggers(string type) =>
        Functions()
            .Select(function => (Name: function.GetProperty("name").GetString()!, Trigger: function.GetProperty("bindings").EnumerateArray().First(binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal))))
            .Where(pair => pair.Trigger.GetProperty("type").GetString() == type);

    /// <summary>The HTTP functions as the host maps them: a trigger without methods takes every method, without a route its name.</summary>
    public static IReadOnlyList<HttpFunctionRoute> HttpFunctions() =>
        [.. Triggers("httpTrigger").Select(pair => new HttpFunctionRoute(
            pair.Name,
            pair.Trigger.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
                ? [.. methods.EnumerateArray().Select(method => method.GetString()!)]
                : [],
            pair.Trigger.TryGetProperty("route", out var route) && !string.IsNullOrEmpty(route.GetString()) ? route.GetString()! : pair.Name))];

    /// <summary>The Functions app's host.json as it is published (the source file, copied to the output as it is).</summary>
    public static JsonElement HostJson()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "functions", "Serverless.Functions", "host.json")));
        return document.RootElement.Clone();
    }

    /// <summary>host.json's <c>extensions.http.routePrefix</c>; the host's default is <c>api</c>.</summary>
    public static string RoutePrefix() =>
        HostJson().TryGetProperty("extensions", out var extensions)
        && extensions.TryGetProperty("http", out var http)
        && http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString()!
            : "api";

    private static string FindRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Serverless.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))!;
        }

        return root;
    }
}
