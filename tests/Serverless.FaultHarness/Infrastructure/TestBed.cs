using Serverless.FaultHarness.Reporting;

namespace Serverless.FaultHarness.Infrastructure;

/// <summary>Where the harness finds what it runs: the built local host and the npm tools.</summary>
public sealed record Toolbox(string HostDll, string NodeModules, string ResultsDirectory)
{
    /// <summary>The repository (the npm tools are installed at its root): the catalogues and the local PayFiP's script.</summary>
    public string RepositoryRoot => Path.GetDirectoryName(Path.GetFullPath(NodeModules).TrimEnd(Path.DirectorySeparatorChar))!;
}

/// <summary>
/// What a scenario adds to the test bed: a local PayFiP of its own (the hosts pointed at it), the test-only procedures
/// of <c>tests/fixtures/catalogue</c> beside the shipped ones, and settings of its own (a shortened day, say).
/// </summary>
public sealed record BedExtras(bool PayFip = false, bool FixtureProcedures = false, IReadOnlyDictionary<string, string>? Settings = null)
{
    public static BedExtras None { get; } = new();
}

/// <summary>
/// Everything one scenario runs on, all on 127.0.0.1: its own Azurite (data folder kept across a storage outage),
/// maildev, the SMTP "relay" (a forwarder to maildev), the local host processes on one task hub, and a front
/// forwarder that is the public address (links in e-mails point to it, so they keep working when one host dies).
/// </summary>
public sealed class TestBed : IAsyncDisposable
{
    private readonly string scenario;
    private readonly string workDirectory;
    private readonly string logDirectory;
    private readonly List<LocalHostProcess> hosts = [];

    private TestBed(string scenario, Toolbox toolbox)
    {
        this.scenario = scenario;
        workDirectory = Path.Combine(toolbox.ResultsDirectory, "work", scenario);
        logDirectory = Path.Combine(toolbox.ResultsDirectory, "logs");
        if (Directory.Exists(workDirectory))
        {
            Directory.Delete(workDirectory, recursive: true);
        }

        Directory.CreateDirectory(workDirectory);
        Directory.CreateDirectory(logDirectory);
        foreach (var old in Directory.EnumerateFiles(logDirectory, $"{scenario}-*.log"))
        {
            File.Delete(old);
        }

        Faults = new FaultLog(scenario);
        Storage = new Azurite(toolbox.NodeModules, Path.Combine(workDirectory, "azurite"), Log("azurite"));
        Mail = new Maildev(toolbox.NodeModules, Path.Combine(workDirectory, "mail"), Log("maildev"));
        Relay = new TcpForwarder(Ports.Free(), [Mail.SmtpPort]);
    }

    public FaultLog Faults { get; }

    public Azurite Storage { get; }

    public Maildev Mail { get; }

    /// <summary>The SMTP relay the hosts send to: down = connections refused, maildev keeps what it has.</summary>
    public TcpForwarder Relay { get; }

    public TcpForwarder Front { get; private set; } = null!;

    public Uri PublicBaseUrl => new($"http://127.0.0.1:{Front.Port}");

    public IReadOnlyList<LocalHostProcess> Hosts => hosts;

    public string TaskHub { get; } = "faults" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The local PayFiP of a scenario that asked for one (<see cref="BedExtras.PayFip"/>), else null.</summary>
    public PayFip? PayFip { get; private set; }

    public static async Task<TestBed> StartAsync(string scenario, Toolbox toolbox, int hostCount, IReadOnlyCollection<string> crashOnceAfter, BedExtras? extras = null)
    {
        extras ??= BedExtras.None;
        var bed = new TestBed(scenario, toolbox);
        try
        {
            await bed.Storage.StartAsync();
            await bed.Mail.StartAsync();
            bed.Relay.Up();
            var frontPort = Ports.Free();
            var publicBaseUrl = new Uri($"http://127.0.0.1:{frontPort}");
            var settings = HostSettings.For(bed.Storage.ConnectionString, publicBaseUrl, bed.TaskHub, bed.Relay.Port, crashOnceAfter);
            if (extras.PayFip)
            {
                bed.PayFip = new PayFip(toolbox.RepositoryRoot, Path.Combine(bed.workDirectory, "payfip-ledger.json"), bed.Log("payfip"));
                await bed.PayFip.StartAsync();
                settings["PayFip__ServiceUrl"] = bed.PayFip.ServiceUrl.AbsoluteUri;
                settings["PayFip__PaymentPageUrl"] = bed.PayFip.PaymentPageUrl.AbsoluteUri;
                settings["PayFip__Mode"] = "Test";
                Progress.Say(scenario, $"the local PayFiP serves on {bed.PayFip.Url}");
            }

            if (extras.FixtureProcedures)
            {
                settings["Catalogue__Path"] = bed.CatalogueWithFixtures(toolbox.RepositoryRoot);
            }

            foreach (var (name, value) in extras.Settings ?? new Dictionary<string, string>())
            {
                settings[name] = value;
            }

            for (var index = 0; index < hostCount; index++)
            {
                var name = hostCount == 1 ? "host" : $"host{(char)('A' + index)}";
                bed.hosts.Add(new LocalHostProcess(name, toolbox.HostDll, settings, bed.Log(name)));
            }

            bed.Front = new TcpForwarder(frontPort, [.. bed.hosts.Select(host => host.Port)]);
            bed.Front.Up();
            foreach (var host in bed.hosts)
            {
                await host.StartAsync();
                Progress.Say(scenario, $"{host.Name} serves on {host.Address} (task hub {bed.TaskHub})");
            }

            return bed;
        }
        catch
        {
            await bed.DisposeAsync();
            throw;
        }
    }

    public async Task KillHostAsync(LocalHostProcess host)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.KillHardAsync();
        Faults.Record("kill -9", $"{host.Name} killed");
    }

    public async Task RestartHostAsync(LocalHostProcess host)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.StartAsync();
        Faults.Record("restart", $"{host.Name} serves again");
    }

    public void RelayDown()
    {
        Relay.Down();
        Faults.Record("smtp down", "the relay refuses connections");
    }

    public void RelayUp()
    {
        Relay.Up();
        Faults.Record("smtp up", "the relay accepts connections again");
    }

    public async Task StorageDownAsync()
    {
        await Storage.StopAsync();
        Faults.Record("storage down", "Azurite stopped");
    }

    public async Task StorageUpAsync()
    {
        await Storage.StartAsync();
        Faults.Record("storage up", "Azurite started again on the same data");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        if (Front is not null)
        {
            await Front.DisposeAsync();
        }

        await Relay.DisposeAsync();
        if (PayFip is not null)
        {
            await PayFip.DisposeAsync();
        }

        await Mail.DisposeAsync();
        await Storage.DisposeAsync();
        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for a look; the next run of the scenario removes it.
        }
    }

    private string Log(string name) => Path.Combine(logDirectory, $"{scenario}-{name}.log");

    /// <summary>The shipped catalogue and the tests' fixture procedures in one folder of the test bed (as the test projects' FixtureCatalogue).</summary>
    private string CatalogueWithFixtures(string repositoryRoot)
    {
        var folder = Path.Combine(workDirectory, "catalogue");
        foreach (var source in new[] { Path.Combine(repositoryRoot, "functions", "catalogue"), Path.Combine(repositoryRoot, "tests", "fixtures", "catalogue") })
        {
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(folder, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }

        return folder;
    }

    /// <summary>The lines of this scenario's logs (hosts and services) that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> LogLines(string text)
    {
        var lines = new List<string>();
        foreach (var file in Directory.EnumerateFiles(logDirectory, $"{scenario}-*.log"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    lines.Add(line);
                }
            }
        }

        return lines;
    }
}
