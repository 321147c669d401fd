using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.Circuits;
using Serverless.Core.Orchestration;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>
/// The decision's signature circuit (issue 26): its links (GET shows, POST acts, a signature's code, the PDF as it
/// stands), the citizen's download of the signed decision, and its activities.
/// </summary>
public sealed class CircuitFunctions(
    CircuitHandler circuit,
    SignedDecisionDownloadHandler signedDecision,
    StartCircuitActivity startCircuit,
    RequestCircuitStepActivity requestCircuitStep,
    ApplyCircuitActionActivity applyCircuitAction)
{
    [Function(FunctionNames.ShowDecisionPage)]
    public Task<IActionResult> ShowDecisionPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Decision)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        circuit.ShowAsync(token, cancellationToken);

    [Function(FunctionNames.RecordDecisionAction)]
    public Task<IActionResult> RecordDecisionAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Decision)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        circuit.ActAsync(request, token, durable, cancellationToken);

    [Function(FunctionNames.SendDecisionCode)]
    public Task<IActionResult> SendDecisionCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.DecisionCode)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        circuit.SendCodeAsync(token, cancellationToken);

    [Function(FunctionNames.DownloadDecisionDraft)]
    public Task<IActionResult> DownloadDecisionDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.DecisionDocument)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        circuit.DocumentAsync(token, cancellationToken);

    [Function(FunctionNames.DownloadSignedDecision)]
    public Task<IActionResult> DownloadSignedDecision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ApplicationDecision)] HttpRequest request,
        string procedureId,
        string reference,
        CancellationToken cancellationToken) =>
        signedDecision.HandleAsync(request, procedureId, reference, cancellationToken);

    [Function(ActivityNames.StartCircuit)]
    public Task<CircuitPlan?> StartCircuit([ActivityTrigger] CircuitStart start) => startCircuit.RunAsync(start);

    [Function(ActivityNames.RequestCircuitStep)]
    public Task RequestCircuitStep([ActivityTrigger] CircuitStepRequest request) => requestCircuitStep.RunAsync(request);

    [Function(ActivityNames.ApplyCircuitAction)]
    public Task<CircuitStepResult> ApplyCircuitAction([ActivityTrigger] CircuitStepAction action) => applyCircuitAction.RunAsync(action);
}
