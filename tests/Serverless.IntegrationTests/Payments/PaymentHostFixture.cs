using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Serverless.IntegrationTests.Payments;

/// <summary>
/// The real local host against a local PayFiP of its own (tools/payfip-local started by the fixture on a free port),
/// with a test commune whose only régie collects one procedure's fee: the simulator's ledger and daily report then
/// hold exactly this host's payments, and the <c>Payments</c> index's partitions of this commune hold nothing another
/// test host wrote (every host of a run shares the test Azurite's tables). The commune is the Val-Témoin fixture's
/// copy, with a role for its régie (<see cref="Regisseur"/>) and another service's role (<see cref="OtherService"/>);
/// the procedure is the market-stall fixture's copy (paid before review within one day). A day lasts
/// <see cref="PaymentDayLength"/>: the fee is due 20 s after it is asked.
/// </summary>
public class PaymentHostFixture : LocalHostFixture, IAsyncLifetime
{
    public const string ProcedureId = "stall-fee-test";
    public const string RegieId = "droits-de-place";
    public const string ClientNumber = "990001";
    public const string Administrator = "informatique@paiements-test.example";
    public const string Regisseur = "regisseur@paiements-test.example";
    public const string OtherService = "voirie@paiements-test.example";

    public static readonly TimeSpan PaymentDayLength = TimeSpan.FromSeconds(20);

    private Process? simulatorProcess;

    public Uri SimulatorUrl { get; private set; } = null!;

    /// <summary>The test commune's id: a fixture of its own has another, so that its payments stay out of this one's partitions.</summary>
    public virtual string CommuneId => "paiements-test";

    public new async Task InitializeAsync()
    {
        var port = TestEnvironment.FreePort();
        var start = new ProcessStartInfo("node", [Path.Combine(Accessibility.RepositoryRoot, "tools", "payfip-local", "server.mjs"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        simulatorProcess = Process.Start(start) ?? throw new InvalidOperationException("node did not start the local PayFiP.");
        simulatorProcess.OutputDataReceived += (_, _) => { };
        simulatorProcess.ErrorDataReceived += (_, _) => { };
        simulatorProcess.BeginOutputReadLine();
        simulatorProcess.BeginErrorReadLine();
        SimulatorUrl = new Uri($"http://127.0.0.1:{port}");
        await WaitForPortAsync(port);
        await base.InitializeAsync();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (simulatorProcess is { HasExited: false })
        {
            simulatorProcess.Kill(entireProcessTree: true);
            await simulatorProcess.WaitForExitAsync();
        }

        simulatorProcess?.Dispose();
    }

    public PayFipSimulator Simulator() => new(SimulatorUrl);

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["PayFip:ServiceUrl"] = new Uri(SimulatorUrl, "/tpa/services/securite").AbsoluteUri;
        settings["PayFip:PaymentPageUrl"] = new Uri(SimulatorUrl, "/tpa/paiementws.web").AbsoluteUri;
        settings["Review:DayLength"] = PaymentDayLength.ToString();
        // The sweep of attempts no path recorded: every two seconds, for attempts two seconds old (PaymentEdgeTests).
        settings["Payments:SweepInterval"] = "00:00:02";
        settings["Payments:SweepAfter"] = "00:00:02";

        var folder = settings["Catalogue:Path"]!;
        var commune = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "communes", "val-temoin.json")))!.AsObject();
        commune["id"] = CommuneId;
        commune["name"] = "Commune de test des paiements";
        commune["administratorEmail"] = Administrator;
        commune["roles"] = new JsonObject { ["regie"] = new JsonArray(Regisseur), ["voirie"] = new JsonArray(OtherService) };
        commune["regies"] = new JsonArray(new JsonObject { ["id"] = RegieId, ["name"] = "Régie des droits de place (test)", ["numcli"] = ClientNumber, ["role"] = "regie", ["mode"] = "activation" });
        File.WriteAllText(Path.Combine(folder, "communes", CommuneId + ".json"), commune.ToJsonString());

        var procedure = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "procedures", "market-stall-permit.json")))!.AsObject();
        procedure["id"] = ProcedureId;
        procedure["commune"] = CommuneId;
        procedure["referencePrefix"] = "ETAL";
        procedure["payment"]!["regie"] = RegieId;
        procedure["review"]!["reviewers"] = new JsonArray("placier@paiements-test.example");
        File.WriteAllText(Path.Combine(folder, "procedures", ProcedureId + ".json"), procedure.ToJsonString());
    }

    private static async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PaymentHostGroup : ICollectionFixture<PaymentHostFixture>
{
    public const string Name = "payments host";
}

/// <summary>
/// The payments host with the test-only crash hook on the ledger (<c>Faults__CrashOnceAfter=RecordPayment</c>): recording
/// what PayFiP says of a payment throws once per idOp right after the attempt's outcome is written, as a process
/// dying there would. A commune of its own, so that its payments stay out of the other payments host's export.
/// </summary>
public sealed class CrashingPaymentHostFixture : PaymentHostFixture
{
    public override string CommuneId => "paiements-panne";

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        base.Adjust(settings);
        settings["Faults:CrashOnceAfter"] = Core.Payments.PaymentLedger.RecordFault;
    }
}

[CollectionDefinition(Name)]
public sealed class CrashingPaymentHostGroup : ICollectionFixture<CrashingPaymentHostFixture>
{
    public const string Name = "payments host with a crash after each record";
}
