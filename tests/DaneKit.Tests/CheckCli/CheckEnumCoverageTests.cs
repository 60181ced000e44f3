using System.Reflection;
using DaneKit.Reporting;
using DaneKit.Smtp;

namespace DaneKit.Tests.CheckCli;

/// <summary>
/// The JSON enum converters are listed by hand (no run-time code generation in the NativeAOT build): every enum the
/// result model can hold must be in the list, or <c>--json</c> would fail on the first result that carries it.
/// </summary>
public sealed class CheckEnumCoverageTests
{
    [Fact]
    public void EveryEnumOfTheModelHasAWireNameConverter()
    {
        var enums = new HashSet<Type>();
        Walk(typeof(DaneCheckResult), new HashSet<Type>(), enums);

        Assert.NotEmpty(enums);
        Assert.Contains(typeof(DaneVerdict), enums);
        Assert.Contains(typeof(DaneKit.Tls.DaneTlsaRequirement), enums);
        var missing = enums.Where(e => !CheckWireNames.EnumConverters.ContainsKey(e)).Select(e => e.FullName).ToList();
        Assert.True(missing.Count == 0, "no converter for: " + string.Join(", ", missing));
    }

    private static void Walk(Type type, HashSet<Type> seen, HashSet<Type> enums)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            enums.Add(type);
            return;
        }

        if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !type.IsGenericType)
        {
            return;
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Walk(argument, seen, enums);
            }

            if (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
            {
                return;
            }
        }

        if (type.IsArray)
        {
            Walk(type.GetElementType()!, seen, enums);
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Walk(property.PropertyType, seen, enums);
        }
    }
}
