using Serverless.IntegrationTests.Hosting;
using Serverless.LocalHost;
using Serverless.Platform.Http;

namespace Serverless.IntegrationTests;

/// <summary>
/// The local host must run every function the Functions app declares, with the same trigger, route and methods, and
/// route each request to the function the Functions host would. The Functions SDK writes what it found to
/// <c>functions.metadata</c> at build time; these tests compare the two.
/// </summary>
public sealed class HostParityTests
{
    private static readonly string[] EveryMethod = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

    [Fact]
    public void HttpEndpoints_EveryHttpFunction_HasATwinWithSameRouteAndMethods()
    {
        static string Line(HttpFunctionRoute function) =>
            $"{function.FunctionName} [{string.Join(',', function.Methods.Select(method => method.ToUpperInvariant()).Order())}] {function.Route}";

        Assert.Equal(FunctionsAppBuild.HttpFunctions().Select(Line).Order(), HttpEndpoints.Declarations.Select(Line).Order());
    }

    [Fact]
    public async Task LocalHostRouter_EveryRequest_ChoosesTheFunctionTheFunctionsHostChooses()
    {
        var prefix = FunctionsAppBuild.RoutePrefix();
        var azure = FunctionsHostRouteTableTests.HostRouter(FunctionsAppBuild.HttpFunctions(), prefix);
        var local = HttpEndpoints.Router(FunctionsHostRouteTableTests.ConstraintResolver);

        // Every declared address with every method, the documented requests, and addresses that differ from a
        // declared one by case, a trailing slash, an extra or a missing segment, or an encoded character.
        var paths = HttpEndpoints.Declarations.Select(function => FunctionsHostRouteTableTests.Instantiate(function.Route))
            .Concat(FunctionsHostRouteTableTests.DocumentedRequests().Select(request => request.Path))
            .SelectMany(path => new[] { path, path.ToUpperInvariant(), path + "/", path + "/extra", path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : string.Empty, path.Replace("-", "%2D", StringComparison.Ordinal) })
            .Concat(["", "nowhere", "api", "open-data/schema.json", "agent/usage.csv", "procedures/a%2Fb/form"])
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var differences = new List<string>();
        foreach (var path in paths)
        {
            foreach (var method in EveryMethod)
            {
                var inAzure = await FunctionsHostRouteTableTests.ResolveAsync(azure, method, $"/{prefix}/{path}");
                var here = await FunctionsHostRouteTableTests.ResolveAsync(local, method, $"/{prefix}/{path}");
                if (inAzure != here)
                {
                    differences.Add($"{method} /{prefix}/{path}: Functions host {inAzure ?? "(404)"}, local host {here ?? "(404)"}");
                }
            }
        }

        Assert.True(paths.Count > 200, $"only {paths.Count} addresses tried");
        Assert.True(differences.Count == 0, "Requests the two hosts route differently:\n" + string.Join('\n', differences));
    }

    [Fact]
    public void LocalHostLoops_EveryTimerFunction_HasATwin()
    {
        // Every timer loop the local host has (found by type, so a new loop or a new timer cannot be forgotten here).
        var loops = typeof(TimerTwinLoop).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(TimerTwinLoop)) && !type.IsAbstract)
            .Select(type => (string)type.GetField("FunctionName")!.GetValue(null)!);

        Assert.Equal(loops.Order(), FunctionsAppBuild.Triggers("timerTrigger").Select(pair => pair.Name).Order());
    }

    [Fact]
    public void LocalHostLoops_EveryQueueFunction_HasATwinOnTheSameQueue()
    {
        var queues = FunctionsAppBuild.Triggers("queueTrigger").Select(pair => $"{pair.Name} {pair.Trigger.GetProperty("queueName").GetString()}");

        Assert.Equal(
            new[] { $"{WebhookDeliveryLoop.FunctionName} {Serverless.Core.Addresses.StorageNames.WebhookDeliveriesQueue}", $"{WorkflowStartLoop.FunctionName} {Serverless.Core.Addresses.StorageNames.WorkflowStartsQueue}", $"{EmailDeliveryLoop.FunctionName} {Serverless.Core.Addresses.StorageNames.EmailDeliveriesQueue}" }.Order(),
            queues.Order());
    }

    [Fact]
    public void WorkflowRegistration_EveryOrchestratorAndActivity_HasATwin()
    {
        Assert.Equal(FunctionsAppBuild.Triggers("orchestrationTrigger").Select(pair => pair.Name).Order(), WorkflowRegistration.OrchestratorNames.Order());
        Assert.Equal(FunctionsAppBuild.Triggers("activityTrigger").Select(pair => pair.Name).Order(), WorkflowRegistration.ActivityNames.Order());
    }
}
