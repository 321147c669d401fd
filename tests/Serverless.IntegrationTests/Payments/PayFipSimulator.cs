using System.Net.Http.Json;
using System.Text.Json;

namespace Serverless.IntegrationTests.Payments;

/// <summary>The local PayFiP's admin endpoints (tools/payfip-local): what a citizen would do on its page, and notification faults.</summary>
public sealed class PayFipSimulator : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = TestEnvironment.PayFipUrl, Timeout = TimeSpan.FromSeconds(30) };

    public static Uri ServiceUrl => new(TestEnvironment.PayFipUrl, "/tpa/services/securite");

    public static Uri PaymentPageUrl => new(TestEnvironment.PayFipUrl, "/tpa/paiementws.web");

    /// <summary>The citizen pays, is refused or gives up (POST /admin/pay); answers once PayFiP has sent (or dropped) its notification.</summary>
    public async Task<JsonElement> SettleAsync(string idOp, string outcome, string means = "card")
    {
        using var response = await http.PostAsJsonAsync("/admin/pay", new { idOp, outcome, means });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>What happens to the next <paramref name="count"/> notifications: drop, duplicate or delay.</summary>
    public async Task SetNotificationFaultAsync(string mode, int count = 1, int delayMs = 0)
    {
        using var response = await http.PostAsJsonAsync("/admin/faults", new { mode, count, delayMs });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The simulator's record of a payment (GET /admin/ledger).</summary>
    public async Task<JsonElement> LedgerEntryAsync(string idOp)
    {
        var ledger = await http.GetFromJsonAsync<JsonElement>("/admin/ledger");
        return ledger.GetProperty("payments").EnumerateArray().Single(payment => payment.GetProperty("idOp").GetString() == idOp);
    }

    public Task<HttpResponseMessage> GetAsync(Uri address) => http.GetAsync(address);

    public void Dispose() => http.Dispose();
}
