using BenchmarkDotNet.Running;
using SafetyFlow.Benchmarks;

// dotnet run -c Release --project bench/SafetyFlow.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(EscalationSweepBenchmark).Assembly).Run(args);
