using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Platform.Storage;

/// <summary>The three storage services, as a call is counted under one.</summary>
public enum StorageService
{
    Blob,
    Table,
    Queue,
}

/// <summary>
/// One kind of storage request: service, operation (named from the REST call, e.g. <c>AddEntity</c>,
/// <c>UpsertMerge</c>, <c>GetMessages</c>), the table, container or queue it addressed, and its answer
/// (<c>ok</c>, <c>404</c>, <c>409</c>, <c>412</c> or another status code).
/// </summary>
public readonly record struct StorageCall(StorageService Service, string Operation, string Resource, string Outcome);

/// <summary>
/// Counts the HTTP requests a set of storage clients sends, by <see cref="StorageCall"/>. Installed only when a test or
/// a measurement asks for it (<c>Storage:CountCalls</c>): it is an <see cref="HttpPipelinePolicy"/> at the per-retry
/// position, so every request that reaches the wire is counted once, retries included, and nothing else changes.
/// A <c>GetMessages</c> that returned no message is counted as <c>GetMessages (empty)</c>: those are the queue loops'
/// idle polls, which depend on the clock, not on the work.
/// </summary>
public sealed class StorageCallCounter
{
    /// <summary>The setting that installs the counters (local host only).</summary>
    public const string Setting = "Storage:CountCalls";

    private readonly ConcurrentDictionary<StorageCall, int> counts = new();
    private readonly ConcurrentDictionary<(StorageCall Call, string Caller), int> callers = new();
    private readonly bool captureCallers;
    private long received;
    private long deleted;
    private long sent;

    /// <summary>Queue messages handed out by <c>GetMessages</c> since the last reset.</summary>
    public long MessagesReceived => Interlocked.Read(ref received);

    /// <summary>Queue messages deleted (answered 2xx or 404: gone either way) since the last reset.</summary>
    public long MessagesDeleted => Interlocked.Read(ref deleted);

    /// <summary>Queue messages put since the last reset.</summary>
    public long MessagesSent => Interlocked.Read(ref sent);

    /// <param name="captureCallers">Also count by the calling code (a stack walk per request: for measurements only).</param>
    public StorageCallCounter(bool captureCallers = false) => this.captureCallers = captureCallers;

    /// <summary>The policy to add to the clients of one service.</summary>
    public HttpPipelinePolicy Policy(StorageService service) => new CountingPolicy(this, service);

    /// <summary>What was counted so far.</summary>
    public IReadOnlyDictionary<StorageCall, int> Snapshot() => new Dictionary<StorageCall, int>(counts);

    /// <summary>What was counted so far by calling code (empty unless callers are captured).</summary>
    public IReadOnlyDictionary<(StorageCall Call, string Caller), int> Callers() => new Dictionary<(StorageCall, string), int>(callers);

    /// <summary>Starts again from zero (the measured window opens).</summary>
    public void Reset()
    {
        counts.Clear();
        callers.Clear();
        Interlocked.Exchange(ref received, 0);
        Interlocked.Exchange(ref deleted, 0);
        Interlocked.Exchange(ref sent, 0);
    }

    private void Record(StorageCall call) => counts.AddOrUpdate(call, 1, (_, count) => count + 1);

    /// <summary>The REST operation of a request, named as the SDK methods that send it.</summary>
    public static (string Operation, string Resource) Describe(StorageService service, string method, Uri uri, bool conditional)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        // Path-style addressing (Azurite, an emulator or an IP): the first segment is the account.
        if (segments.Count > 0 && (uri.IsLoopback || uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            segments.RemoveAt(0);
        }

        var query = uri.Query;
        bool Has(string parameter) => query.Contains(parameter, StringComparison.OrdinalIgnoreCase);
        return service switch
        {
            StorageService.Blob => (BlobOperation(method, segments.Count, Has), segments.FirstOrDefault() ?? "(account)"),
            StorageService.Queue => (QueueOperation(method, segments, Has), segments.FirstOrDefault() ?? "(account)"),
            _ => TableOperation(method, segments.FirstOrDefault() ?? "(account)", conditional),
        };
    }

    private static string BlobOperation(string method, int depth, Func<string, bool> has) => (method, depth) switch
    {
        (_, 0) => "ListContainers",
        _ when has("comp=lease") => "Lease",
        ("PUT", 1) => "CreateContainer",
        ("DELETE", 1) => "DeleteContainer",
        ("GET", 1) when has("comp=list") => "ListBlobs",
        (_, 1) => "GetContainerProperties",
        ("PUT", _) when has("comp=block") && !has("comp=blocklist") => "StageBlock",
        ("PUT", _) when has("comp=blocklist") => "CommitBlockList",
        ("PUT", _) when has("comp=metadata") => "SetMetadata",
        ("PUT", _) => "Upload",
        ("GET", _) => "Download",
        ("HEAD", _) => "GetProperties",
        ("DELETE", _) => "Delete",
        _ => method,
    };

    private static string QueueOperation(string method, List<string> segments, Func<string, bool> has) => (method, segments.Count) switch
    {
        (_, 0) => "ListQueues",
        ("PUT", 1) => "CreateQueue",
        ("DELETE", 1) => "DeleteQueue",
        (_, 1) => "GetProperties",
        ("POST", 2) => "SendMessage",
        ("GET", 2) when has("peekonly=true") => "PeekMessages",
        ("GET", 2) => "GetMessages",
        ("DELETE", 2) => "ClearMessages",
        ("DELETE", _) => "DeleteMessage",
        ("PUT", _) => "UpdateMessage",
        _ => method,
    };

    private static (string, string) TableOperation(string method, string resource, bool conditional)
    {
        var open = resource.IndexOf('(', StringComparison.Ordinal);
        var table = open < 0 ? resource : resource[..open];
        var entity = resource.Contains("PartitionKey=", StringComparison.Ordinal);
        if (table == "$batch")
        {
            return ("SubmitTransaction", "(batch)");
        }

        if (table == "Tables")
        {
            return (method == "POST" ? "CreateTable" : method == "DELETE" ? "DeleteTable" : "QueryTables", table);
        }

        var operation = (method, entity) switch
        {
            ("POST", false) => "AddEntity",
            ("GET", false) => "Query",
            ("GET", true) => "GetEntity",
            ("PUT", true) => conditional ? "UpdateReplace" : "UpsertReplace",
            ("PATCH" or "MERGE", true) => conditional ? "UpdateMerge" : "UpsertMerge",
            ("DELETE", true) => "DeleteEntity",
            _ => method,
        };
        return (operation, table);
    }

    /// <summary><c>ok</c> below 400, the status code otherwise (404, 409 and 412 are the ones the product expects).</summary>
    private static string Outcome(int status) =>
        status is > 0 and < 400 ? "ok" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class CountingPolicy(StorageCallCounter counter, StorageService service) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Count(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            // Taken before the first await, while the calling code is still on the stack.
            var caller = counter.captureCallers ? Caller() : null;
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            var call = Count(message);
            if (caller is not null)
            {
                counter.callers.AddOrUpdate((call, caller), 1, (_, count) => count + 1);
            }
        }

        /// <summary>The product's frames nearest to the call, outside the storage plumbing: "Type.Method &lt; Type.Method".</summary>
        private static string Caller()
        {
            var frames = new System.Diagnostics.StackTrace().GetFrames()
                .Select(frame => frame.GetMethod())
                .Select(method => method?.DeclaringType is { } type ? (Type: type.DeclaringType is { } outer && type.Name.StartsWith('<') ? outer : type, method.Name) : default)
                .Where(frame => frame.Type?.FullName?.StartsWith("Serverless.", StringComparison.Ordinal) == true
                    && frame.Type.Namespace != typeof(StorageCallCounter).Namespace)
                .Select(frame => frame.Type!.Name + (frame.Name == "MoveNext" ? string.Empty : "." + frame.Name))
                .Distinct()
                .Take(2);
            return string.Join(" < ", frames);
        }

        private StorageCall Count(HttpMessage message)
        {
            var request = message.Request;
            var conditional = request.Headers.TryGetValue("If-Match", out _);
            var (operation, resource) = Describe(service, request.Method.Method, request.Uri.ToUri(), conditional);
            var status = message.HasResponse ? message.Response.Status : 0;
            if (operation == "GetMessages" && status < 400 && message.HasResponse)
            {
                var messages = MessageCount(message.Response);
                Interlocked.Add(ref counter.received, messages);
                operation = messages == 0 ? "GetMessages (empty)" : operation;
            }
            else if (operation == "DeleteMessage" && status is (>= 200 and < 300) or 404)
            {
                Interlocked.Increment(ref counter.deleted);
            }
            else if (operation == "SendMessage" && status is >= 200 and < 300)
            {
                Interlocked.Increment(ref counter.sent);
            }

            var call = new StorageCall(service, operation, resource, Outcome(status));
            counter.Record(call);
            return call;
        }

        /// <summary>The messages of a <c>GetMessages</c> answer, buffered by the pipeline after this policy's position: read, then rewound.</summary>
        private static int MessageCount(Azure.Response response)
        {
            if (response.ContentStream is not { CanSeek: true } stream)
            {
                return 1;
            }

            var position = stream.Position;
            try
            {
                stream.Position = 0;
                using var reader = new StreamReader(stream, leaveOpen: true);
                var body = reader.ReadToEnd();
                var count = 0;
                for (var at = body.IndexOf("<QueueMessage>", StringComparison.Ordinal); at >= 0; at = body.IndexOf("<QueueMessage>", at + 1, StringComparison.Ordinal))
                {
                    count++;
                }

                return count;
            }
            finally
            {
                stream.Position = position;
            }
        }
    }
}

/// <summary>
/// The two counters of a local host: the product's own clients (<see cref="StorageClients"/>) and the Durable Task
/// backend's (the sidecar's <c>AzureStorageOrchestrationService</c>), so that the product's calls and the engine's are
/// reported apart.
/// </summary>
public sealed class StorageCallCounters
{
    /// <summary>The product's calls, with the product's code that made each (its frames are on the stack).</summary>
    public StorageCallCounter Product { get; } = new(captureCallers: true);

    public StorageCallCounter Engine { get; } = new();

    public void Reset()
    {
        Product.Reset();
        Engine.Reset();
    }
}
