using System.Diagnostics;
using System.Net;

namespace Serverless.IntegrationTests;

/// <summary>
/// A real RFC 3161 timestamp authority on 127.0.0.1: a test CA, a TSA certificate (extended key usage timeStamping,
/// critical), and `openssl ts -reply` answering each POSTed query. The tokens it signs are checked with `openssl ts -verify`.
/// </summary>
internal sealed class OpenSslTimestampAuthority : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task serving;

    private OpenSslTimestampAuthority(string folder, int port)
    {
        Folder = folder;
        Url = new Uri($"http://127.0.0.1:{port}/tsa/");
        listener.Prefixes.Add(Url.ToString());
        listener.Start();
        serving = ServeAsync();
    }

    public string Folder { get; }

    public Uri Url { get; }

    public string CaCertificate => Path.Combine(Folder, "ca.pem");

    public string TsaCertificate => Path.Combine(Folder, "tsa.pem");

    public static async Task<OpenSslTimestampAuthority> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"tsa-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "serial"), "01\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "tsa-ext.cnf"), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "tsa.cnf"), $"""
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            dir = {folder}
            serial = $dir/serial
            signer_cert = $dir/tsa.pem
            certs = $dir/tsa.pem
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """);
        await RunAsync(folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Autorite de test/O=Tests", "-days", "2");
        await RunAsync(folder, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Horodatage de test/O=Tests");
        await RunAsync(folder, "x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tsa.pem", "-days", "2", "-extfile", "tsa-ext.cnf");
        return new OpenSslTimestampAuthority(folder, TestEnvironment.FreePort());
    }

    /// <summary>`openssl ts -verify` of a token over exactly these bytes, against the test CA: its exit code and output.</summary>
    public Task<(int Code, string Output)> VerifyAsync(byte[] data, byte[] token)
    {
        var id = Guid.NewGuid().ToString("N");
        File.WriteAllBytes(Path.Combine(Folder, $"{id}.data"), data);
        File.WriteAllBytes(Path.Combine(Folder, $"{id}.tsr"), token);
        return TryRunAsync(Folder, "ts", "-verify", "-data", $"{id}.data", "-in", $"{id}.tsr", "-token_in", "-CAfile", "ca.pem", "-untrusted", "tsa.pem");
    }

    private async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var id = Guid.NewGuid().ToString("N");
            using (var file = File.Create(Path.Combine(Folder, $"{id}.tsq")))
            {
                await context.Request.InputStream.CopyToAsync(file);
            }

            var (code, _) = await TryRunAsync(Folder, "ts", "-reply", "-config", "tsa.cnf", "-queryfile", $"{id}.tsq", "-out", $"{id}.reply");
            context.Response.StatusCode = code == 0 ? 200 : 500;
            if (code == 0)
            {
                context.Response.ContentType = "application/timestamp-reply";
                var reply = await File.ReadAllBytesAsync(Path.Combine(Folder, $"{id}.reply"));
                await context.Response.OutputStream.WriteAsync(reply);
            }

            context.Response.Close();
        }
    }

    private static async Task RunAsync(string folder, params string[] arguments)
    {
        var (code, output) = await TryRunAsync(folder, arguments);
        Assert.True(code == 0, $"openssl {string.Join(' ', arguments)}: {output}");
    }

    private static async Task<(int, string)> TryRunAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        listener.Close();
        try
        {
            await serving;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
        }

        stopping.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
