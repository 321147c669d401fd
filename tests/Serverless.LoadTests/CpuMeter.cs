using System.Diagnostics;
using System.Globalization;

namespace Serverless.LoadTests;

/// <summary>The CPU one process spent over a measured window, whole and per completed application.</summary>
public sealed record ProcessCpu(string Name, double CpuSeconds, double PerApplicationMs, double ShareOfMachine);

/// <summary>The CPU of a window: each process measured, and the whole machine's busy share (other users included).</summary>
public sealed record CpuFigures(double WindowSeconds, int Completed, double MachineBusyShare, IReadOnlyList<ProcessCpu> Processes);

/// <summary>
/// Reads utime + stime of processes from <c>/proc/&lt;pid&gt;/stat</c> when a window starts and when it ends (children
/// are not added: each process of the run is measured itself), and the machine's busy time from <c>/proc/stat</c>.
/// </summary>
public sealed class CpuMeter
{
    private static readonly Lazy<double> TicksPerSecond = new(ReadTicksPerSecond);
    private readonly IReadOnlyList<(string Name, int ProcessId)> processes;
    private readonly Dictionary<int, long> startTicks = [];
    private long machineBusyAtStart;
    private long machineTotalAtStart;
    private long startedAt;

    public CpuMeter(IReadOnlyList<(string Name, int ProcessId)> processes)
    {
        this.processes = processes;
    }

    public void Start()
    {
        foreach (var (_, id) in processes)
        {
            startTicks[id] = ProcessTicks(id) ?? 0;
        }

        (machineBusyAtStart, machineTotalAtStart) = MachineTicks();
        startedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>The window from <see cref="Start"/> to now; <paramref name="completed"/> applications were completed in it.</summary>
    public CpuFigures Stop(int completed)
    {
        var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        var capacity = seconds * Environment.ProcessorCount;
        var measured = new List<ProcessCpu>();
        foreach (var (name, id) in processes)
        {
            // A process that is gone (killed) is reported with what it had spent when last seen: nothing here.
            var cpu = Math.Max(0, (ProcessTicks(id) ?? startTicks[id]) - startTicks[id]) / TicksPerSecond.Value;
            measured.Add(new ProcessCpu(name, cpu, completed == 0 ? 0 : cpu * 1000 / completed, capacity == 0 ? 0 : cpu / capacity));
        }

        var (busy, total) = MachineTicks();
        var machineShare = total - machineTotalAtStart == 0 ? 0 : (busy - machineBusyAtStart) / (double)(total - machineTotalAtStart);
        return new CpuFigures(seconds, completed, machineShare, measured);
    }

    /// <summary>utime + stime in clock ticks; null when the process is gone.</summary>
    private static long? ProcessTicks(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            // The command name (field 2) may hold spaces and parentheses: the fields that follow start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 (utime) and 15 (stime) of proc(5), counted from field 3 (state) here.
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The first line of /proc/stat: busy (all but idle and iowait) and total ticks of every core.</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        var line = File.ReadLines("/proc/stat").First();
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(value => long.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        var idle = values[3] + values[4];
        return (total - idle, total);
    }

    /// <summary>USER_HZ from <c>getconf CLK_TCK</c> (100 on every Linux this runs on; read rather than assumed).</summary>
    private static double ReadTicksPerSecond()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false });
            var text = getconf?.StandardOutput.ReadToEnd().Trim();
            getconf?.WaitForExit();
            return double.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }
}
