namespace SparkOperator.Framework.Entities;

/// <summary>
/// The text <c>kubectl explain</c> shows for a type or property. On a property it wins over the
/// description of the property's type.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property | AttributeTargets.Enum, Inherited = true)]
public sealed class DescriptionAttribute(string text) : Attribute
{
    /// <summary>The description.</summary>
    public string Text { get; } = text;
}

/// <summary>Adds the property to its parent object's <c>required</c> list in the schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;

/// <summary>An ECMA-262 regular expression the API server checks a string against.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string regex) : Attribute
{
    /// <summary>The regular expression.</summary>
    public string Regex { get; } = regex;
}

/// <summary>Inclusive numeric bounds (<c>minimum</c>/<c>maximum</c>); <see cref="double.NaN"/> leaves a bound open.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeAttribute(double minimum = double.NaN, double maximum = double.NaN) : Attribute
{
    /// <summary>The smallest allowed value, or NaN.</summary>
    public double Minimum { get; } = minimum;

    /// <summary>The largest allowed value, or NaN.</summary>
    public double Maximum { get; } = maximum;
}

/// <summary>String length bounds (<c>minLength</c>/<c>maxLength</c>); -1 leaves a bound open.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LengthAttribute(int minLength = -1, int maxLength = -1) : Attribute
{
    /// <summary>The smallest length, or -1.</summary>
    public int MinLength { get; } = minLength;

    /// <summary>The largest length, or -1.</summary>
    public int MaxLength { get; } = maxLength;
}

/// <summary>List size bounds (<c>minItems</c>/<c>maxItems</c>); -1 leaves a bound open.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemsAttribute(int minItems = -1, int maxItems = -1) : Attribute
{
    /// <summary>The fewest items, or -1.</summary>
    public int MinItems { get; } = minItems;

    /// <summary>The most items, or -1.</summary>
    public int MaxItems { get; } = maxItems;
}

/// <summary>
/// Marks an object whose fields the API server keeps without a schema
/// (<c>x-kubernetes-preserve-unknown-fields: true</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;

/// <summary>Leaves a property out of the generated schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaIgnoreAttribute : Attribute;

/// <summary>The short names <c>kubectl</c> accepts for the kind (<c>spec.names.shortNames</c>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShortNamesAttribute(params string[] names) : Attribute
{
    /// <summary>The short names, in order.</summary>
    public IReadOnlyList<string> Names { get; } = names;
}

/// <summary>Marks a kind as cluster-scoped; kinds are namespaced unless they carry this.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ClusterScopedAttribute : Attribute;

/// <summary>
/// A column <c>kubectl get</c> prints (<c>additionalPrinterColumns</c>). Columns appear in declaration order.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute(string name, string type, string jsonPath) : Attribute
{
    /// <summary>The column header.</summary>
    public string Name { get; } = name;

    /// <summary>The OpenAPI type: string, integer, number, boolean or date.</summary>
    public string Type { get; } = type;

    /// <summary>The JSON path of the value, e.g. <c>.status.phase</c>.</summary>
    public string JsonPath { get; } = jsonPath;

    /// <summary>What the column shows.</summary>
    public string? Description { get; init; }

    /// <summary>0 shows it always; higher only with <c>-o wide</c>.</summary>
    public int Priority { get; init; }
}

/// <summary>
/// Makes a list an associative list (<c>x-kubernetes-list-type: map</c>) whose items are identified
/// by the given keys, so server-side apply merges items by key instead of replacing the whole list.
/// The keys are added to the item schema's <c>required</c> list, as the API server demands.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapAttribute(params string[] keys) : Attribute
{
    /// <summary>The JSON names of the key fields, in order.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;
}

/// <summary>Makes a list of scalars a set (<c>x-kubernetes-list-type: set</c>): items are unique.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListSetAttribute : Attribute;
