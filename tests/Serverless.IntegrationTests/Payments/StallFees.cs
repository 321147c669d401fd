using System.Net;
using System.Text;

namespace Serverless.IntegrationTests.Payments;

/// <summary>
/// What a trader's browser does with the test commune's stall fee (<see cref="PaymentHostFixture"/>): file the
/// application, open a payment (one per browser tab: each is a new trip to PayFiP, a new idOp), come back from PayFiP.
/// </summary>
internal static class StallFees
{
    public static async Task<Receipt> SubmitAsync(HttpClient api, string trader, string stall = "petit")
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(trader), "traderName" },
            { new StringContent(ApplicationClient.NewCitizenEmail()), "contactEmail" },
            { new StringContent(stall), "stall" },
        };
        return await ApplicationClient.SubmitAsync(api, content, $"/api/procedures/{PaymentHostFixture.ProcedureId}/applications");
    }

    public static Task<StatusBody> AwaitingPaymentAsync(HttpClient api, Receipt receipt) =>
        ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == "AwaitingPayment");

    public static string PaymentPath(Receipt receipt) =>
        $"/api/procedures/{PaymentHostFixture.ProcedureId}/applications/{receipt.Reference}/payment?access={Uri.EscapeDataString(receipt.AccessCode)}";

    /// <summary>"Payer sur PayFiP": the app creates the payment and sends the browser to PayFiP's page; answers the idOp.</summary>
    public static async Task<string> StartAsync(HttpClient browser, Receipt receipt)
    {
        using var response = await browser.PostAsync(PaymentPath(receipt), new FormUrlEncodedContent([]));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.SeeOther, $"{(int)response.StatusCode}: {body}");
        var location = response.Headers.Location!;
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        return query["idop"] ?? throw new InvalidOperationException($"No idop in {location}.");
    }

    /// <summary>The browser comes back from PayFiP to the return address it was given (the app reads the result back).</summary>
    public static async Task<string> ReturnAsync(HttpClient browser, string urlRedirect)
    {
        using var response = await browser.GetAsync(new Uri(urlRedirect));
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Reads until the condition holds (90 s at most: a payment may wait for the sweep or a delayed notification).</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The condition never held in 90 s; last read: {value}");
            await Task.Delay(250);
        }
    }
}
