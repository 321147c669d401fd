using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Serverless.Benchmarks;

// In-process (no generated project to build) and a short job: enough for a stable median on 2 cores.
// dotnet run -c Release --project tests/Serverless.Benchmarks -- --filter '*'
var config = DefaultConfig.Instance
    .AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithWarmupCount(5)
        .WithIterationCount(20)
        .WithId("InProcess-20"))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(new PdfSizeColumn())
    .AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(CertificateBenchmarks).Assembly).Run(args, config);
