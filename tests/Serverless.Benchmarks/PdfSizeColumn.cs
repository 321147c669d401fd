using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Serverless.Benchmarks;

/// <summary>The size of what a benchmark returns when it is a PDF (measured once, in the host process).</summary>
public sealed class PdfSizeColumn : IColumn
{
    private readonly Dictionary<string, string> sizes = [];

    public string Id => nameof(PdfSizeColumn);

    public string ColumnName => "PDF size";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => "Bytes of the PDF the benchmark produces";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var method = benchmarkCase.Descriptor.WorkloadMethod;
        if (sizes.TryGetValue(method.Name, out var known))
        {
            return known;
        }

        var instance = Activator.CreateInstance(benchmarkCase.Descriptor.Type)!;
        benchmarkCase.Descriptor.GlobalSetupMethod?.Invoke(instance, null);
        var result = method.Invoke(instance, null) as byte[];
        benchmarkCase.Descriptor.GlobalCleanupMethod?.Invoke(instance, null);
        var text = result is { Length: > 4 } bytes && bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8)
            ? $"{bytes.Length:N0} B ({bytes.Length / 1024.0:0.0} KB)"
            : "–";
        sizes[method.Name] = text;
        return text;
    }
}
