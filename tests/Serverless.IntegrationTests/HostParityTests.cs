using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Serverless.IntegrationTests.Hosting;
using Serverless.LocalHost;
using Serverless.Platform.Http;

namespace Serverless.IntegrationTests;

/// <summary>
/// The local host must run every function the Functions app declares, with the same trigger, route and methods, and
/// route each request to the function the Functions host would. The Functions SDK writes what it found to
/// <c>functions.metadata</c> at build time; these tests compare the two. The local host reads its HTTP functions from
/// the same <c>[Function]</c>/<c>[HttpTrigger]</c> attributes (<see cref="HttpEndpoints"/>), so the first test checks
/// that it reads them as the SDK does.
/// </summary>
public sealed class HostParityTests
{
    private static readonly string[] EveryMethod = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

    [Fact]
    public void HttpEndpoints_EveryHttpFunctionOfFunctionsMetadata_IsServedWithSameRouteAndMethods()
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
    public void Discover_WrapperWithParametersTheLocalHostCannotBind_ThrowsNamingEach()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => HttpEndpoints.Discover([typeof(UnservableFunctions)]));

        Assert.Contains("Unservable (UnservableFunctions.Unservable): the local host cannot bind parameter String tenant (route \"things/{id}\")", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Unservable (UnservableFunctions.Unservable): the local host cannot bind parameter FunctionContext context", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Unservable (UnservableFunctions.Unservable): it answers String", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_ServableWrapper_CallsItWithRouteValuesFromARequestAndCreatesItsClassFromServices()
    {
        var endpoint = Assert.Single(HttpEndpoints.Discover([typeof(ServableFunctions)]));
        using var services = new ServiceCollection().AddSingleton(new Greeting("bonjour")).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.RouteValues["id"] = "42";

        var result = Assert.IsType<OkObjectResult>(await endpoint.Handle(context));

        Assert.Equal(("Servable", "get,post", "things/{id}"), (endpoint.FunctionName, string.Join(',', endpoint.Methods), endpoint.Route));
        Assert.Equal("bonjour 42 GET", result.Value);
    }

    [Fact]
    public void EnsureCreatable_ServicesWithoutTheHandlers_ThrowsNamingEachMissingService()
    {
        using var services = new ServiceCollection().BuildServiceProvider();

        var exception = Assert.Throws<InvalidOperationException>(() => HttpEndpoints.EnsureCreatable(services));

        Assert.Contains($"{Serverless.Core.Addresses.FunctionNames.SubmitApplication} (ApplicationFunctions): no service for SubmitApplicationHandler", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Serverless.Core.Addresses.FunctionNames.Fallback, exception.Message, StringComparison.Ordinal);
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

/// <summary>A Functions class with what the local host refuses to serve (it is never compiled into the Functions app).</summary>
public sealed class UnservableFunctions
{
    [Function("Unservable")]
    public static string Unservable(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{id}")] HttpRequest request,
        string id,
        string tenant,
        FunctionContext context) => $"{request.Method} {id} {tenant} {context.FunctionId}";
}

/// <summary>A Functions class the local host serves: route value, request, cancellation, a constructor dependency.</summary>
public sealed class ServableFunctions(Greeting greeting)
{
    [Function("Servable")]
    public IActionResult Servable(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "things/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        new OkObjectResult($"{greeting.Word} {id} {request.Method}{(cancellationToken.IsCancellationRequested ? " cancelled" : string.Empty)}");
}

public sealed record Greeting(string Word);
