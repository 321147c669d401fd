using System.Net.Http.Json;
using System.Text.Json;

namespace Serverless.IntegrationTests.Payments;

/// <summary>
/// The local PayFiP's admin endpoints (tools/payfip-local): what a citizen would do on its page, notification faults,
/// its ledger and its daily report. The one test.sh starts, or another (<see cref="PaymentHostFixture"/> starts its own).
/// </summary>
public sealed class PayFipSimulator(Uri? baseAddress = null) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseAddress ?? TestEnvironment.PayFipUrl, Timeout = TimeSpan.FromSeconds(30) };

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

    /// <summary>Every payment the simulator issued an idOp for (GET /admin/ledger).</summary>
    public async Task<IReadOnlyList<JsonElement>> LedgerAsync()
    {
        var ledger = await http.GetFromJsonAsync<JsonElement>("/admin/ledger");
        return [.. ledger.GetProperty("payments").EnumerateArray()];
    }

    /// <summary>The régie's daily report of cashed payments (GET /admin/report), as the accountant receives it.</summary>
    public Task<string> DailyReportAsync(DateOnly day, string clientNumber) =>
        http.GetStringAsync($"/admin/report?date={day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}&numcli={Uri.EscapeDataString(clientNumber)}");

    public Task<HttpResponseMessage> GetAsync(Uri address) => http.GetAsync(address);

    public void Dispose() => http.Dispose();
}
