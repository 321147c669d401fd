using System.Diagnostics;
using Serverless.LocalHost;

namespace Serverless.IntegrationTests;

/// <summary>
/// The local host started as a person starts it (its own process): it says in one line what it assumed, what is down
/// or what is wrong in the settings, and never prints a stack trace.
/// </summary>
public sealed class LocalHostStartupTests
{
    private static string Root()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Serverless.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))!;
        }

        return root;
    }

    private static ProcessStartInfo LocalHost(string workingDirectory, params string[] args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(Root(), "functions", "Serverless.LocalHost", "bin", configuration, "net10.0", "Serverless.LocalHost.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the local host.");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunToEndAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static string ClosedStorage()
    {
        int Port() => TestEnvironment.FreePort();
        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{Port()}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{Port()}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{Port()}/devstoreaccount1;";
    }

    [Fact]
    public async Task Start_SampleKeysOutsideDevelopment_RefusesWithOneLinePerProblemAndNoStackTrace()
    {
        var run = await RunToEndAsync(LocalHost(Root(), "--settings", Path.Combine(Root(), "local.settings.sample.json"), "--AzureWebJobsStorage", TestEnvironment.StorageConnectionString, "--TaskHubName", TestEnvironment.UniqueName("sample"), "--urls", $"http://127.0.0.1:{TestEnvironment.FreePort()}", "--Smtp:Port", TestEnvironment.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(1, run.ExitCode);
        var lines = run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Count(line => line.StartsWith("Configuration: ", StringComparison.Ordinal) && line.Contains("published key of local.settings.sample.json", StringComparison.Ordinal)));
        Assert.Contains(lines, line => line.StartsWith("Configuration: ReviewTokens__Keys__local1", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("Configuration: CitizenAccess__Keys__k1", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Errors + run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_StorageDown_SaysSoInOneLineWithHowToStartAzurite()
    {
        var settings = Path.Combine(Path.GetTempPath(), $"settings-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settings, "{\"Values\":{}}");
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());

        var run = await RunToEndAsync(LocalHost(Root(), "--settings", settings, "--AzureWebJobsStorage", ClosedStorage(), "--PublicBaseUrl", "http://localhost:7071", "--ReviewTokens:ActiveKeyId", "k", "--ReviewTokens:Keys:k", key, "--CitizenAccess:Key", key));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Le stockage ne répond pas / Storage is not answering on 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains("./scripts/run-local.sh", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoSettingsAtAll_SaysInOneLineWhatItAssumed()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"fresh-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var start = LocalHost(folder, "--urls", $"http://127.0.0.1:{TestEnvironment.FreePort()}");
        start.Environment["XDG_DATA_HOME"] = folder;
        using var process = Process.Start(start)!;
        try
        {
            var first = await process.StandardOutput.ReadLineAsync();

            Assert.Equal(
                $"Réglages absents, valeurs supposées / Settings missing, assumed: Azurite development storage (127.0.0.1:10000-10002), SMTP localhost:1025, public address http://localhost:7071, keys generated for this machine ({Path.Combine(folder, "citizen-eservices", EmbeddedDefaults.KeysFileName)}).",
                first);
            Assert.True(File.Exists(Path.Combine(folder, "citizen-eservices", EmbeddedDefaults.KeysFileName)));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Start_AsDotnetRunDoes_ConsoleShowsTheProductLinesAndTheBannerOnly()
    {
        var port = TestEnvironment.FreePort();
        var settings = Path.Combine(Path.GetTempPath(), $"settings-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settings, "{\"Values\":{}}");
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());
        // `dotnet run --project` runs in the project's folder, where appsettings.json is read by both the app and its
        // Durable Task back end.
        var start = LocalHost(
            Path.Combine(Root(), "functions", "Serverless.LocalHost"),
            "--settings", settings, "--urls", $"http://127.0.0.1:{port}", "--PublicBaseUrl", $"http://127.0.0.1:{port}",
            "--AzureWebJobsStorage", TestEnvironment.StorageConnectionString, "--TaskHubName", TestEnvironment.UniqueName("quiet"),
            "--Smtp:Host", "127.0.0.1", "--Smtp:Port", TestEnvironment.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--ReviewTokens:ActiveKeyId", "k", "--ReviewTokens:Keys:k", key, "--CitizenAccess:Key", key);
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("Services en ligne prêts / ready: ", StringComparison.Ordinal))
                {
                    break;
                }
            }

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var health = await http.GetAsync("/api/health");
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        lines.AddRange((await process.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(lines, line => line.StartsWith("Services en ligne prêts / ready: ", StringComparison.Ordinal));
        // How long the start took, and where: the storage check, the task hub, the web app.
        Assert.Contains(lines, line => line.StartsWith("Démarrage / start-up: ", StringComparison.Ordinal) && line.Contains("task hub", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.True(
            line.StartsWith("Services en ligne prêts", StringComparison.Ordinal) || line.StartsWith("Démarrage / start-up: ", StringComparison.Ordinal) || line.Contains(" info: Serverless.", StringComparison.Ordinal),
            $"Unexpected console line: {line}"));
    }

    [Fact]
    public async Task StorageReachability_ClosedPorts_ThrowsTheOneLineMessage()
    {
        var exception = await Assert.ThrowsAsync<StorageUnreachableException>(() => StorageReachability.EnsureAsync(ClosedStorage(), CancellationToken.None));

        Assert.DoesNotContain('\n', exception.Message);
    }
}
