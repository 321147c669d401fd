namespace Serverless.LocalHost;

/// <summary>
/// The local host's console keeps what a person needs: one line per event, warnings and errors, the product's own
/// information lines (application steps), and the banner; not the framework's and storage back end's chatter.
/// </summary>
public static class ConsoleOutput
{
    public static void Configure(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
        logging.AddFilter("DurableTask", LogLevel.Warning);
        logging.AddFilter("Azure", LogLevel.Warning);
        // The framework's request lines carry raw URLs (tokens, access codes): RequestLog writes them masked instead.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.None);
        logging.AddFilter("Microsoft.AspNetCore.Routing.Matching", LogLevel.None);
        // One line per request is for logs, not for the console of a person trying the product.
        logging.AddFilter(typeof(Serverless.Core.Edge.RequestLog).FullName, LogLevel.Warning);
        // A host that fails to start is reported by Program, in one line per problem, not as a logged stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    }

    public static void Say(string? line)
    {
        if (line is not null)
        {
            Console.WriteLine(line);
        }
    }

    public static void Banner(Uri address, StartupTimes times)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(times);
        var api = new Uri(address, "/api/");
        Console.WriteLine($"Services en ligne prêts / ready: {api} — formulaire de démonstration / demo form: {new Uri(api, Serverless.Core.Addresses.Routes.FormPath("school-enrolment"))} — santé / health: {new Uri(api, Serverless.Core.Addresses.Routes.Health)}");
        Console.WriteLine(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Démarrage / start-up: {SinceProcessStart().TotalSeconds:F2} s depuis le lancement / since launch — stockage / storage {times.StorageReached.TotalSeconds:F2} s, task hub {times.TaskHubReady.TotalSeconds:F2} s, application {times.AppStarted.TotalSeconds:F2} s"));
    }

    private static TimeSpan SinceProcessStart()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return DateTime.Now - process.StartTime;
    }
}
