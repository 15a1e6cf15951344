using System.Collections;
using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Hosting;

namespace SparkOperator.Tests.Validation;

/// <summary>
/// Every regular expression of the product matches in linear time, so no tenant text can stall the
/// webhook: each one it holds is NonBacktracking with LinearRegex's timeout, and no code but
/// LinearRegex.Create builds one ([GeneratedRegex], new Regex or the static Regex.IsMatch(input,
/// pattern) would slip a backtracking pattern in).
/// </summary>
public class LinearRegexTests
{
    private const BindingFlags Statics = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
    private const BindingFlags Members = Statics | BindingFlags.Instance;

    private static readonly Assembly[] Product = [typeof(OperatorHost).Assembly, typeof(LinearRegex).Assembly];

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private static IEnumerable<Type> ProductTypes() => Product.SelectMany(a => a.GetTypes());

    [Test]
    public void Every_regex_the_product_holds_is_NonBacktracking_with_the_timeout()
    {
        var held = new List<(string Where, Regex Regex)>();
        foreach (var type in ProductTypes().Where(t => !t.ContainsGenericParameters))
        {
            foreach (var field in type.GetFields(Statics).Where(f => !f.IsLiteral && MayHoldRegex(f.FieldType)))
            {
                held.AddRange(RegexesIn(field.GetValue(null)).Select(r => ($"{type.FullName}.{field.Name}", r)));
            }

            foreach (var property in type.GetProperties(Statics).Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null && MayHoldRegex(p.PropertyType)))
            {
                held.AddRange(RegexesIn(property.GetValue(null)).Select(r => ($"{type.FullName}.{property.Name}", r)));
            }

            foreach (var method in type.GetMethods(Statics).Where(m => m.GetCustomAttribute<GeneratedRegexAttribute>() is not null))
            {
                held.Add(($"{type.FullName}.{method.Name}()", (Regex)method.Invoke(null, null)!));
            }
        }

        Assert.That(held.Select(h => h.Where), Has.Some.Contains("DependencySyntax.PipRequirement"), "the enumeration finds the product's patterns");
        Assert.That(held.Where(h => !h.Regex.Options.HasFlag(RegexOptions.NonBacktracking)).Select(h => h.Where), Is.Empty);
        Assert.That(held.Where(h => h.Regex.MatchTimeout != LinearRegex.MatchTimeout).Select(h => h.Where), Is.Empty);
    }

    [Test]
    public void No_product_code_builds_a_regex_but_LinearRegex_Create()
    {
        var create = typeof(LinearRegex).GetMethod(nameof(LinearRegex.Create))!;
        var offenders = new List<string>();
        foreach (var type in ProductTypes())
        {
            foreach (var method in type.GetMethods(Members).Cast<MethodBase>().Concat(type.GetConstructors(Members)))
            {
                if (method.MetadataToken == create.MetadataToken && method.Module == create.Module)
                {
                    continue;
                }

                offenders.AddRange(CalledMethods(method)
                    .Where(BuildsRegex)
                    .Select(called => $"{type.FullName}.{method.Name} calls {called.DeclaringType!.Name}.{called.Name}"));
            }
        }

        Assert.That(offenders, Is.Empty, "build patterns with LinearRegex.Create, kept in a static field");
    }

    // A constructor of Regex (a GeneratedRegex's generated class calls one too), or a static Regex
    // method that takes a pattern and so builds a Regex of its own.
    private static bool BuildsRegex(MethodBase called) =>
        called.DeclaringType == typeof(Regex)
        && (called is ConstructorInfo || (called.IsStatic && called.GetParameters().Any(p => p.Name == "pattern")));

    private static bool MayHoldRegex(Type type) =>
        typeof(Regex).IsAssignableFrom(type) || (type.IsGenericType && type.GetGenericArguments().Any(MayHoldRegex)) || (type.IsArray && MayHoldRegex(type.GetElementType()!));

    private static IEnumerable<Regex> RegexesIn(object? value) => value switch
    {
        Regex regex => [regex],
        IDictionary dictionary => dictionary.Values.Cast<object?>().SelectMany(RegexesIn),
        IEnumerable items and not string => items.Cast<object?>().SelectMany(RegexesIn),
        _ => [],
    };

    private static List<MethodBase> CalledMethods(MethodBase method)
    {
        var called = new List<MethodBase>();
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return called;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } generic ? generic.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? unchecked((short)(0xFE00 | il[i + 1])) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[code];
            if (op.OperandType == OperandType.InlineMethod)
            {
                called.Add(method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArguments, methodArguments)!);
            }

            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
        }

        return called;
    }
}
