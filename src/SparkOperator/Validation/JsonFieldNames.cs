using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;

namespace SparkOperator.Validation;

/// <summary>
/// Makes FluentValidation name properties by their JSON names (<c>spec.volumeMounts[1].name</c>),
/// the paths users see in their manifests, instead of C# names (<c>Spec.VolumeMounts[1].Name</c>).
/// FluentValidation's resolver is process-wide; this operator only ever wants JSON paths.
/// </summary>
internal static class JsonFieldNames
{
    private static int configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref configured, 1) == 0)
        {
            ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : Of(member);
        }
    }

    public static string Of(MemberInfo member) =>
        member.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(member.Name);
}
