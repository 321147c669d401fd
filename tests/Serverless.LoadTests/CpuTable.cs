using System.Globalization;
using System.Text;

namespace Serverless.LoadTests;

/// <summary>The CPU of one window as a markdown table: per process, per completed application, share of the machine.</summary>
public static class CpuTable
{
    public static void Render(StringBuilder text, string title, CpuFigures cpu)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(cpu);
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        text.AppendLine();
        Line($"{title}: {cpu.WindowSeconds:F0} s, {cpu.Completed} completed in it; the whole machine was {cpu.MachineBusyShare:P0} busy (every process on it, other users' included).");
        text.AppendLine();
        text.AppendLine("| Process | CPU s | CPU ms per completed | Share of the machine |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var process in cpu.Processes)
        {
            Line($"| {process.Name} | {process.CpuSeconds:F1} | {(cpu.Completed == 0 ? "–" : process.PerApplicationMs.ToString("N0", CultureInfo.InvariantCulture))} | {process.ShareOfMachine:P1} |");
        }
    }
}
