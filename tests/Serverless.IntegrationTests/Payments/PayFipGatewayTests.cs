using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Core.Payments.PayFip;

namespace Serverless.IntegrationTests.Payments;

/// <summary>
/// The .NET client against the local PayFiP that test.sh starts (tools/payfip-local): the real SOAP exchange, the real
/// notification POSTed to a listener of the test, the result always read back. Notification faults are the
/// simulator's, set through its admin endpoints; the tests of this class run one after the other (xUnit runs a class's
/// tests in sequence), so a fault set by one is used by its own payment.
/// </summary>
public sealed class PayFipGatewayTests : IAsyncLifetime, IDisposable
{
    private const string PayerEmail = "claire.martin@example.org";
    private readonly PayFipSimulator simulator = new();
    private readonly CapturedLogs logs = new();
    private NotificationReceiver receiver = null!;
    private ServiceProvider services = null!;

    private IPayFipGateway Gateway => services.GetRequiredService<IPayFipGateway>();

    public async Task InitializeAsync()
    {
        receiver = await NotificationReceiver.StartAsync();
        services = PayFipClient.Services(PayFipSimulator.ServiceUrl, TimeSpan.FromSeconds(10), logs);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await receiver.DisposeAsync();
    }

    public void Dispose()
    {
        simulator.Dispose();
        logs.Dispose();
    }

    private PaymentRequest Request(long amountInCents = 1500) =>
        PayFipClient.Request(receiver.Url, new Uri("http://localhost:7071/api/payments/return"), amountInCents) with { PayerEmail = PayerEmail };

    [Fact]
    public async Task CreatePaymentAsync_PaidByCard_DetailSaysPaidWithTransactionNumberAndAmountNotifiedOnce()
    {
        var request = Request(amountInCents: 2350);
        var idOp = await Gateway.CreatePaymentAsync(request);

        // The link the citizen follows opens PayFiP's payment page for this payment.
        using (var page = await simulator.GetAsync(services.GetRequiredService<PaymentPageAddress>().For(idOp)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Payer 23,50", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await simulator.SettleAsync(idOp, "paid");
        var result = await Gateway.GetPaymentResultAsync(idOp);

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(PaymentMeans.Card, result.Means);
        Assert.Equal("P", result.ResultCode);
        Assert.Matches("^[A-Z0-9]{6}$", result.TransactionNumber);
        Assert.Equal(2350, result.AmountInCents);
        Assert.Equal("T", result.Saisie);
        Assert.NotNull(result.TransactionTime);
        Assert.InRange(result.TransactionTime!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.True(result.IsFor(request));

        await receiver.WaitForAsync(idOp, 1);
        var notification = Assert.Single(receiver.For(idOp));
        Assert.Equal("POST", notification.Method);
        Assert.Equal("application/x-www-form-urlencoded", notification.ContentType);
        // The label went out in PayFiP's alphabet.
        Assert.Equal("Cantine mars 2027 ecole Jules Ferry", (await simulator.LedgerEntryAsync(idOp)).GetProperty("objet").GetString());
    }

    [Fact]
    public async Task GetPaymentResultAsync_CitizenNotDoneYet_Pending()
    {
        var idOp = await Gateway.CreatePaymentAsync(Request());

        var result = await Gateway.GetPaymentResultAsync(idOp);

        Assert.Equal(PaymentOutcome.Pending, result.Outcome);
        Assert.Null(result.TransactionNumber);
    }

    [Fact]
    public async Task GetPaymentResultAsync_BankRefused_RefusedWithoutTransactionNumber()
    {
        var idOp = await Gateway.CreatePaymentAsync(Request());
        await simulator.SettleAsync(idOp, "refused");

        var result = await Gateway.GetPaymentResultAsync(idOp);

        Assert.Equal(PaymentOutcome.Refused, result.Outcome);
        Assert.Equal("R", result.ResultCode);
        Assert.Null(result.TransactionNumber);
    }

    [Fact]
    public async Task GetPaymentResultAsync_CitizenGaveUp_Abandoned()
    {
        var idOp = await Gateway.CreatePaymentAsync(Request());
        await simulator.SettleAsync(idOp, "abandoned");

        Assert.Equal(PaymentOutcome.Abandoned, (await Gateway.GetPaymentResultAsync(idOp)).Outcome);
        await receiver.WaitForAsync(idOp, 1);
    }

    [Fact]
    public async Task GetPaymentResultAsync_DirectDebit_PaidByDirectDebit()
    {
        var idOp = await Gateway.CreatePaymentAsync(Request());
        await simulator.SettleAsync(idOp, "paid", "direct-debit");

        var result = await Gateway.GetPaymentResultAsync(idOp);

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(PaymentMeans.DirectDebit, result.Means);
    }

    [Fact]
    public async Task GetPaymentResultAsync_UnknownIdOp_PayFipExceptionWithCodeP1()
    {
        var failure = await Assert.ThrowsAsync<PayFipException>(() => Gateway.GetPaymentResultAsync("00000000-0000-4000-8000-000000000000"));

        Assert.Equal(PayFipFailure.Refused, failure.Failure);
        Assert.Equal("P1", failure.Code);
        Assert.Equal("IdOp incorrect.", failure.Wording);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task CreatePaymentAsync_RegieUnknownToPayFip_PayFipExceptionWithCodeT2()
    {
        var failure = await Assert.ThrowsAsync<PayFipException>(() => Gateway.CreatePaymentAsync(Request() with { ClientNumber = "123456" }));

        Assert.Equal(PayFipFailure.Refused, failure.Failure);
        Assert.Equal("T2", failure.Code);
    }

    [Fact]
    public async Task Notification_Duplicated_ArrivesTwiceDetailStillSaysPaid()
    {
        var idOp = await Gateway.CreatePaymentAsync(Request());
        await simulator.SetNotificationFaultAsync("duplicate");
        await simulator.SettleAsync(idOp, "paid");

        await receiver.WaitForAsync(idOp, 2);
        Assert.Equal(2, receiver.For(idOp).Count);
        Assert.Equal(PaymentOutcome.Paid, (await Gateway.GetPaymentResultAsync(idOp)).Outcome);
    }

    [Fact]
    public async Task Notification_Dropped_NeverArrivesDetailStillSaysPaid()
    {
        var dropped = await Gateway.CreatePaymentAsync(Request());
        await simulator.SetNotificationFaultAsync("drop");
        var settled = await simulator.SettleAsync(dropped, "paid");
        Assert.Equal("dropped", settled.GetProperty("notifications")[0].GetProperty("status").GetString());

        // PayFiP sends its notifications in order: once a later payment's has arrived, the dropped one never will.
        var later = await Gateway.CreatePaymentAsync(Request());
        await simulator.SettleAsync(later, "paid");
        await receiver.WaitForAsync(later, 1);

        Assert.Empty(receiver.For(dropped));
        var result = await Gateway.GetPaymentResultAsync(dropped);
        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.NotNull(result.TransactionNumber);
    }

    [Fact]
    public async Task Notification_Delayed_DetailAlreadyPaidBeforeItArrives()
    {
        var idOp = await Gateway.CreatePaymentAsync(Request());
        await simulator.SetNotificationFaultAsync("delay", delayMs: 2000);
        await simulator.SettleAsync(idOp, "paid");

        // The citizen is back before the notification: reading back already tells the truth.
        Assert.Equal(PaymentOutcome.Paid, (await Gateway.GetPaymentResultAsync(idOp)).Outcome);
        Assert.Empty(receiver.For(idOp));
        await receiver.WaitForAsync(idOp, 1);
    }

    [Fact]
    public async Task CreatePaymentAsync_SameDebtInTwoTabs_TwoIdOpsBothPaid()
    {
        var request = Request(amountInCents: 1200);
        var first = await Gateway.CreatePaymentAsync(request);
        var second = await Gateway.CreatePaymentAsync(request);
        await simulator.SettleAsync(first, "paid");
        await simulator.SettleAsync(second, "paid");

        var results = new[] { await Gateway.GetPaymentResultAsync(first), await Gateway.GetPaymentResultAsync(second) };

        Assert.NotEqual(first, second);
        // PayFiP takes both: telling that the debt was paid twice (and refunding) is the application's job.
        Assert.All(results, result => Assert.Equal(PaymentOutcome.Paid, result.Outcome));
        Assert.All(results, result => Assert.True(result.IsFor(request)));
        Assert.NotEqual(results[0].TransactionNumber, results[1].TransactionNumber);
    }

    [Fact]
    public async Task CreatePaymentAsync_ServiceSilent_UnreachableWithinTheTimeout()
    {
        // A port that accepts connections and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var slow = PayFipClient.Services(new Uri($"http://127.0.0.1:{port}/tpa/services/securite"), TimeSpan.FromSeconds(1));
        var started = DateTimeOffset.UtcNow;

        var failure = await Assert.ThrowsAsync<PayFipException>(() => slow.GetRequiredService<IPayFipGateway>().CreatePaymentAsync(Request()));

        Assert.Equal(PayFipFailure.Unreachable, failure.Failure);
        Assert.True(failure.IsTransient);
        Assert.InRange(DateTimeOffset.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Logs_CreateAndReadBack_OutcomeLoggedNeverTheIdOpOrTheEmail()
    {
        var idOp = await Gateway.CreatePaymentAsync(Request());
        await simulator.SettleAsync(idOp, "paid");
        await Gateway.GetPaymentResultAsync(idOp);
        await Assert.ThrowsAsync<PayFipException>(() => Gateway.GetPaymentResultAsync("00000000-0000-4000-8000-000000000000"));

        Assert.Contains(logs.Messages, message => message == "PayFiP payment read back: Paid");
        Assert.Contains(logs.Messages, message => message.StartsWith("PayFiP recupererDetailPaiementSecurise failed: Refused P1", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, message => message.Contains(idOp, StringComparison.OrdinalIgnoreCase) || message.Contains(PayerEmail, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every message logged through the container, formatted.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> messages = new();

        public IReadOnlyList<string> Messages => [.. messages];

        public ILogger CreateLogger(string categoryName) => new Logger(messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
