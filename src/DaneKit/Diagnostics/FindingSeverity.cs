namespace DaneKit.Diagnostics;

/// <summary>How much a <see cref="Finding"/> matters. Wire names: <c>error</c>, <c>warning</c>, <c>info</c>.</summary>
public enum FindingSeverity
{
    /// <summary>Mail is refused, deferred or not protected as the operator intended: fix it.</summary>
    Error,

    /// <summary>Works today, but is fragile or weaker than it should be (a rollover risk, an expiring signature).</summary>
    Warning,

    /// <summary>Worth knowing; nothing to fix (a null MX, an implicit MX, DANE not published).</summary>
    Info,
}
