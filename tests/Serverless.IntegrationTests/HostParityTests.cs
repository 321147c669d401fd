using System.Text.Json;
using Serverless.LocalHost;

namespace Serverless.IntegrationTests;

/// <summary>
/// The local host must run every function the Functions app declares, with the same trigger, route and method.
/// The Functions SDK writes what it found to <c>functions.metadata</c> at build time; this compares the two.
/// </summary>
public sealed class HostParityTests
{
    private static JsonElement[] FunctionsMetadata()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Serverless.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))!;
        }

        var path = Path.Combine(root, "functions", "Serverless.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build the Functions project.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(element => element.Clone())];
    }

    private static IEnumerable<(string Name, JsonElement Trigger)> Triggers(string type) =>
        FunctionsMetadata()
            .Select(function => (Name: function.GetProperty("name").GetString()!, Trigger: function.GetProperty("bindings").EnumerateArray().First(binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal))))
            .Where(pair => pair.Trigger.GetProperty("type").GetString() == type);

    [Fact]
    public void HttpEndpoints_EveryHttpFunction_HasATwinWithSameRouteAndMethod()
    {
        var functions = Triggers("httpTrigger")
            .Select(pair => $"{pair.Name} {pair.Trigger.GetProperty("methods")[0].GetString()!.ToUpperInvariant()} {pair.Trigger.GetProperty("route").GetString()}")
            .Order();
        var local = HttpEndpoints.All.Select(endpoint => $"{endpoint.FunctionName} {endpoint.Method} {endpoint.Route}").Order();

        Assert.Equal(functions, local);
    }

    [Fact]
    public void LocalHostLoops_EveryTimerFunction_HasATwin()
    {
        Assert.Equal(new[] { RecoveryLoop.FunctionName, PoisonedMessagesLoop.FunctionName, CheckpointLoop.FunctionName, TimestampLoop.FunctionName, RetentionLoop.FunctionName, OpenDataLoop.FunctionName, DraftLoop.FunctionName }.Order(), Triggers("timerTrigger").Select(pair => pair.Name).Order());
    }

    [Fact]
    public void LocalHostLoops_EveryQueueFunction_HasATwinOnTheSameQueue()
    {
        var queues = Triggers("queueTrigger").Select(pair => $"{pair.Name} {pair.Trigger.GetProperty("queueName").GetString()}");

        Assert.Equal(
            new[] { $"{WebhookDeliveryLoop.FunctionName} {Core.Storage.StorageNames.WebhookDeliveriesQueue}", $"{WorkflowStartLoop.FunctionName} {Core.Storage.StorageNames.WorkflowStartsQueue}", $"{EmailDeliveryLoop.FunctionName} {Core.Storage.StorageNames.EmailDeliveriesQueue}" }.Order(),
            queues.Order());
    }

    [Fact]
    public void WorkflowRegistration_EveryOrchestratorAndActivity_HasATwin()
    {
        Assert.Equal(Triggers("orchestrationTrigger").Select(pair => pair.Name).Order(), WorkflowRegistration.OrchestratorNames.Order());
        Assert.Equal(Triggers("activityTrigger").Select(pair => pair.Name).Order(), WorkflowRegistration.ActivityNames.Order());
    }
}
