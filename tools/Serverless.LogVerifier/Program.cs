using Serverless.LogVerifier;

// verify-log --url https://services.example --commune saint-exemple --key <verifier key | @file>...
// (several --key, or several lines in the file: a checkpoint verifies with any of them, e.g. the keys before and after a rotation)
//            [--checkpoint FILE]... [--storage CONNECTION] [--tsa-cert PEM]...
// verify-log --url https://services.example --key <verifier key | @file> --certificate NUMBER --reference REFERENCE
//            (a certificate holder: its issuance is in the commune's log, from the number and reference printed on it)
// Exit code: 0 the log verified, 1 a problem was found (each one printed), 2 wrong usage.
var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        return Usage($"unexpected argument {args[i]}");
    }

    (options.TryGetValue(args[i][2..], out var list) ? list : options[args[i][2..]] = []).Add(args[i + 1]);
}

string? One(string name) => options.TryGetValue(name, out var values) ? values[^1] : null;
static string Read(string value) => value.StartsWith('@') ? File.ReadAllText(value[1..]) : value;

if (args.Length % 2 == 0 && One("url") is { } certificateUrl && One("key") is not null && One("certificate") is { } number)
{
    if (One("reference") is not { } reference)
    {
        return Usage("--certificate needs --reference (the application's reference printed on the certificate)");
    }

    using var client = new HttpClient();
    var keys = string.Join('\n', options["key"].Select(value => Read(value).Trim()));
    var certificateReport = await new LogVerifier(client).VerifyCertificateAsync(new Uri(certificateUrl), number, reference, keys, CancellationToken.None);
    return Print(certificateReport, $"certificate {number}");
}

if (args.Length % 2 != 0 || One("url") is not { } url || One("commune") is not { } commune || One("key") is null)
{
    return Usage("--url, --commune and --key are required");
}

using var http = new HttpClient();
var input = new VerifierInput(
    new Uri(url),
    commune,
    string.Join('\n', options["key"].Select(value => Read(value).Trim())),
    One("storage") ?? Environment.GetEnvironmentVariable("VERIFY_LOG_STORAGE"),
    [.. (options.GetValueOrDefault("checkpoint") ?? []).Select(File.ReadAllText)])
{
    TsaCertificates = [.. (options.GetValueOrDefault("tsa-cert") ?? []).Select(path => System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(path)))],
};
var report = await new LogVerifier(http).VerifyAsync(input, CancellationToken.None);
return Print(report, $"log of {commune}");

static int Print(VerificationReport report, string what)
{
    foreach (var check in report.Checks)
    {
        Console.WriteLine($"ok: {check}");
    }

    foreach (var problem in report.Problems)
    {
        Console.WriteLine($"FAIL: {problem}");
    }

    Console.WriteLine(report.Ok ? $"{what}: verified" : $"{what}: {report.Problems.Count} problem(s)");
    return report.Ok ? 0 : 1;
}

static int Usage(string problem)
{
    Console.Error.WriteLine($"verify-log: {problem}");
    Console.Error.WriteLine("usage: verify-log --url BASE --commune ID --key VERIFIER_KEY|@FILE... [--checkpoint FILE]... [--storage CONNECTION] [--tsa-cert PEM]...");
    Console.Error.WriteLine("       verify-log --url BASE --key VERIFIER_KEY|@FILE... --certificate NUMBER --reference REFERENCE");
    return 2;
}
