using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Performance", "CA1861:Avoid constant arrays as arguments", Justification = "Expected values in assertions read best inline.", Scope = "namespaceanddescendants", Target = "~N:SparkOperator.IntegrationTests")]
[assembly: SuppressMessage("Design", "CA1051:Do not declare visible instance fields", Justification = "Test probes are counters updated with Interlocked.", Scope = "namespaceanddescendants", Target = "~N:SparkOperator.IntegrationTests")]
