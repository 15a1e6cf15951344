namespace SparkOperator.Hosting;

/// <summary>
/// .NET runtime settings the operator runs with, in the Deployment and in the load benchmark
/// alike (test/SparkOperator.Benchmarks/RESULTS.md has the measurements behind them, with
/// 5,000 applications tracked).
/// </summary>
public static class RuntimeEnvironment
{
    public static IReadOnlyList<KeyValuePair<string, string>> Variables { get; } =
    [
        // The GC sizes its youngest generation from the CPU's cache, tens of MB on a server,
        // and keeps that much committed between collections; 16 MB halves the operator's
        // committed heap at no measurable cost in its CPU.
        new("DOTNET_GCgen0size", "0x1000000"),

        // Write-xor-execute maps JIT-compiled code twice, through shared memory that counts
        // against the pod's memory (about 40 MB here); the operator loads no code at run time
        // beyond its own assemblies.
        new("DOTNET_EnableWriteXorExecute", "0"),
    ];
}
