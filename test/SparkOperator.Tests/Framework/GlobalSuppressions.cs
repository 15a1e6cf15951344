using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Performance", "CA1861:Avoid constant arrays as arguments", Justification = "Expected values in assertions read best inline.", Scope = "namespaceanddescendants", Target = "~N:SparkOperator.Tests.Framework")]
