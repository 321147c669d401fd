using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.Site;
using Serverless.Core.Transparency;

namespace Serverless.Functions;

/// <summary>Each commune's transparency log, public: checkpoint, verifier key, entries, proofs; and the timer that signs checkpoints.</summary>
public sealed class TransparencyFunctions(TransparencyHandler log, TimestampHandler timestamps, Checkpointer checkpointer, CheckpointTimestamper timestamper)
{
    public const string CheckpointSchedule = "0 */5 * * * *";

    /// <summary>23:59 UTC: the checkpoint signed then is the day's last, and it gets the day's RFC 3161 timestamp.</summary>
    public const string TimestampSchedule = "0 59 23 * * *";

    [Function(FunctionNames.GetLogCheckpoint)]
    public Task<IActionResult> GetLogCheckpoint(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TransparencyCheckpoint)] HttpRequest request,
        string communeId,
        CancellationToken cancellationToken) =>
        log.CheckpointAsync(request, communeId, cancellationToken);

    [Function(FunctionNames.GetLogKey)]
    public IActionResult GetLogKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TransparencyKey)] HttpRequest request,
        string communeId) =>
        log.Key(request, communeId);

    [Function(FunctionNames.GetLogEntries)]
    public Task<IActionResult> GetLogEntries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TransparencyEntries)] HttpRequest request,
        string communeId,
        CancellationToken cancellationToken) =>
        log.EntriesAsync(request, communeId, cancellationToken);

    [Function(FunctionNames.GetInclusionProof)]
    public Task<IActionResult> GetInclusionProof(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TransparencyInclusion)] HttpRequest request,
        string communeId,
        CancellationToken cancellationToken) =>
        log.InclusionAsync(request, communeId, cancellationToken);

    [Function(FunctionNames.GetConsistencyProof)]
    public Task<IActionResult> GetConsistencyProof(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TransparencyConsistency)] HttpRequest request,
        string communeId,
        CancellationToken cancellationToken) =>
        log.ConsistencyAsync(request, communeId, cancellationToken);

    [Function(FunctionNames.ListLogTimestamps)]
    public Task<IActionResult> ListLogTimestamps(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TransparencyTimestamps)] HttpRequest request,
        string communeId,
        CancellationToken cancellationToken) =>
        timestamps.ListAsync(request, communeId, cancellationToken);

    [Function(FunctionNames.GetLogTimestamp)]
    public Task<IActionResult> GetLogTimestamp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TransparencyTimestamp)] HttpRequest request,
        string communeId,
        string size,
        CancellationToken cancellationToken) =>
        timestamps.TokenAsync(request, communeId, size, cancellationToken);

    [Function(nameof(SignCheckpoints))]
    public Task SignCheckpoints([TimerTrigger(CheckpointSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        checkpointer.RunAsync(cancellationToken);

    [Function(nameof(TimestampCheckpoints))]
    public Task TimestampCheckpoints([TimerTrigger(TimestampSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        timestamper.RunAsync(cancellationToken);
}
