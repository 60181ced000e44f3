using DaneKit.Dns;
using DaneKit.Dnssec;

namespace DaneKit.Tests.Dnssec.Validator;

/// <summary>Assertions on a <see cref="ValidatedAnswer"/> that print the whole reason chain when they fail.</summary>
internal static class ValidatorAssert
{
    public static string Explain(ValidatedAnswer a) =>
        $"{a.Question.Name} {a.Question.Type.ToText()}: {a.Status} (verifications {a.Verifications})\n  "
        + string.Join("\n  ", a.Reasons.Select(r => $"{r.Kind}: {r}"))
        + "\n  chain: " + string.Join(" | ", a.Chain.Select(l => $"{l.Zone} {l.Status} ({l.Reason})"));

    public static void Status(SecurityStatus expected, ValidatedAnswer a)
    {
        if (a.Status != expected)
        {
            Assert.Fail($"expected {expected}, got {Explain(a)}");
        }
    }

    /// <summary>A reason of <paramref name="kind"/> about NAME/TYPE whose text contains every fragment.</summary>
    public static ValidationReason Reason(ValidatedAnswer a, ReasonKind kind, DnsName? name, DnsType? type, params string[] fragments)
    {
        var found = a.Reasons.FirstOrDefault(r => r.Kind == kind
            && (name is null || r.Name.Equals(name))
            && (type is null || r.Type == type)
            && fragments.All(f => r.ToString().Contains(f, StringComparison.Ordinal)));
        return found ?? throw new Xunit.Sdk.XunitException(
            $"no {kind} reason about {name?.ToString() ?? "any name"} {type?.ToText() ?? "any type"} containing [{string.Join("], [", fragments)}] in\n{Explain(a)}");
    }

    public static ValidationReason Failure(ValidatedAnswer a, DnsName? name, DnsType? type, params string[] fragments) =>
        Reason(a, ReasonKind.Failure, name, type, fragments);
}
