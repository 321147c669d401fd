using System.Globalization;

namespace Serverless.FaultHarness.Reporting;

/// <summary>Progress lines on the console, with the time and the scenario.</summary>
public static class Progress
{
    private static readonly Lock Gate = new();

    public static void Say(string scenario, string message)
    {
        lock (Gate)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} [{scenario}] {message}"));
        }
    }
}
