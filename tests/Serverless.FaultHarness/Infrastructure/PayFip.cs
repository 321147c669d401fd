using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Serverless.FaultHarness.Infrastructure;

/// <summary>
/// The local PayFiP (<c>tools/payfip-local</c>, a node process, as <c>scripts/services.sh start_payfip</c> starts it)
/// with its ledger in a file of the test bed: the SOAP service and payment page the hosts use, and the admin endpoints
/// the harness drives as the citizens and reads as PayFiP's truth (what was paid, every notification attempt).
/// </summary>
public sealed class PayFip(string repositoryRoot, string ledgerFile, string logFile) : IAsyncDisposable
{
    private readonly HttpClient admin = new() { Timeout = TimeSpan.FromSeconds(30) };
    private ChildProcess? process;

    public int Port { get; } = Ports.Free();

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public Uri ServiceUrl => new(Url, "/tpa/services/securite");

    public Uri PaymentPageUrl => new(Url, "/tpa/paiementws.web");

    public async Task StartAsync()
    {
        process = ChildProcess.Start(
            "node",
            [Path.Combine(repositoryRoot, "tools", "payfip-local", "server.mjs"), "--port", Port.ToString(CultureInfo.InvariantCulture), "--ledger", ledgerFile],
            new Dictionary<string, string>(),
            logFile,
            repositoryRoot);
        await Ports.WaitForAsync(Port, TimeSpan.FromSeconds(30), "the local PayFiP");
    }

    /// <summary>What happens to the next <paramref name="count"/> notifications: none, drop, duplicate or delay.</summary>
    public async Task SetNotificationFaultAsync(string mode, int count = 1, int delayMs = 0)
    {
        using var response = await admin.PostAsJsonAsync(new Uri(Url, "/admin/faults"), new { mode, count, delayMs });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>What the citizen does on PayFiP's page (POST /admin/pay): answers the outcome and the return address.</summary>
    public async Task<JsonElement> PayAsync(string idOp, string outcome = "paid", string means = "card")
    {
        using var response = await admin.PostAsJsonAsync(new Uri(Url, "/admin/pay"), new { idOp, outcome, means });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Every payment PayFiP issued an idOp for, its outcome and its notification attempts (GET /admin/ledger).</summary>
    public async Task<IReadOnlyList<JsonElement>> LedgerAsync()
    {
        var ledger = await admin.GetFromJsonAsync<JsonElement>(new Uri(Url, "/admin/ledger"));
        return [.. ledger.GetProperty("payments").EnumerateArray()];
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        if (process is not null)
        {
            await process.DisposeAsync();
            process = null;
        }
    }
}
