using System.Globalization;
using System.Runtime.InteropServices;
using Serverless.FaultHarness;
using Serverless.FaultHarness.Infrastructure;
using Serverless.FaultHarness.Reporting;
using Serverless.FaultHarness.Scenarios;

// Fault harness: the local host as a separate process on its own Azurite and maildev, driven black-box.
// Run through scripts/faults.sh, which builds the local host and sets FAULTS_HOST_DLL and FAULTS_NODE_MODULES.
Scenario[] all = [new Kill9Scenario(), new SmtpOutageScenario(), new SmtpLongOutageScenario(), new StorageOutageScenario(), new CrashAfterEffectScenario(), new TwoHostsScenario(), new CircuitCrashScenario(), new PaymentScenario()];
HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args, [.. all.Select(scenario => scenario.Name)], Path.Combine("artifacts", "faults"));
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

var hostDll = Environment.GetEnvironmentVariable("FAULTS_HOST_DLL");
var nodeModules = Environment.GetEnvironmentVariable("FAULTS_NODE_MODULES");
if (hostDll is null || !File.Exists(hostDll) || nodeModules is null || !Directory.Exists(nodeModules))
{
    await Console.Error.WriteLineAsync("Run through scripts/faults.sh (FAULTS_HOST_DLL and FAULTS_NODE_MODULES are not set or do not exist).");
    return 2;
}

// Stopped from outside (Ctrl-C, a CI time limit): take Azurite, maildev and the hosts down too.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => ChildProcess.KillAll());
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => ChildProcess.KillAll());

var settings = new RunSettings(options.Applications, options.IsShort, options.Settle, Environment.GetEnvironmentVariable("FAULTS_CODE_VERSION") ?? "unknown");
var toolbox = new Toolbox(hostDll, nodeModules, Path.GetFullPath(options.ResultsDirectory));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Fault harness: {string.Join(", ", options.Scenarios)}; {options.Applications} applications each{(options.IsShort && options.Scenarios.Contains("circuit-crash") ? string.Create(CultureInfo.InvariantCulture, $" (circuit-crash at most {CircuitCrashScenario.ShortRunApplications})") : string.Empty)}{(options.IsShort && options.Scenarios.Contains("payment") ? string.Create(CultureInfo.InvariantCulture, $" (payment at most {PaymentScenario.ShortRunApplications})") : string.Empty)}; {options.Settle.TotalSeconds:F0} s allowed to finish after the faults; code {settings.CodeVersion}; results in {toolbox.ResultsDirectory}"));

var reports = new List<ScenarioReport>();
foreach (var scenario in all.Where(scenario => options.Scenarios.Contains(scenario.Name)))
{
    var report = await scenario.RunAsync(toolbox, settings);
    var path = await ReportWriter.WriteAsync(report, toolbox.ResultsDirectory);
    ReportWriter.PrintSummary(report);
    Console.WriteLine($"  written: {path}");
    reports.Add(report);
}

Console.WriteLine();
Console.WriteLine("| Scenario | Applications | Accepted | Lost | Duplicates | Signed twice | Paid twice | Same-Message-Id copies | Checks failed | Seconds | Result |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
foreach (var report in reports)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {report.Scenario} | {report.ApplicationsRequested} | {report.Submissions.Accepted} | {report.Lost} | {report.Duplicates} | {report.SignedTwice} | {report.PaidTwice} | {report.SameMessageIdCopies} | {report.Checks.Count(check => !check.Passed)} | {report.DurationSeconds:F0} | {(report.Passed ? "pass" : "FAIL")} |"));
}

var lost = reports.Sum(report => report.Lost);
var duplicates = reports.Sum(report => report.Duplicates);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Total: {reports.Sum(report => report.ApplicationsRequested)} applications, lost = {lost}, duplicates = {duplicates}, failed checks = {reports.Sum(report => report.Checks.Count(check => !check.Passed))}"));
return reports.All(report => report.Passed) ? 0 : 1;
