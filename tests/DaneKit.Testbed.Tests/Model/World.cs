namespace DaneKit.Testbed.Tests.Model;

/// <summary>
/// <c>$DANEKIT_TESTBED_STATE/world.json</c>: the running testbed (schema in testbed/CONTRACT.md). Only
/// the fields that tests use are modelled.
/// </summary>
/// <param name="Netns">The network namespace the testbed runs in.</param>
/// <param name="Resolver">The address of the testbed's validating Unbound.</param>
/// <param name="Catalogue">The absolute path of the catalogue the world was built from.</param>
/// <param name="Scenarios">The ids of the scenarios that are live.</param>
/// <param name="TrustAnchorDs">The testbed root's DS anchor file (zone format).</param>
/// <param name="RootHints">The testbed's root hints file.</param>
/// <param name="UnboundConf">The configuration file of the testbed's Unbound, for <c>unbound-control</c>.</param>
/// <param name="TrustAnchorBind">The root DS as a BIND <c>trust-anchors</c> statement, for <c>delv -a</c>; null in
/// worlds built before the generator wrote it.</param>
/// <param name="Https">The HTTPS server of the MTA-STS policy hosts; null in worlds built before the generator wrote it.</param>
public sealed record World(
    string Netns,
    string Resolver,
    string Catalogue,
    IReadOnlyList<string> Scenarios,
    string UnboundConf,
    string? TrustAnchorBind = null,
    string? TrustAnchorDs = null,
    string? RootHints = null,
    HttpsServer? Https = null);

/// <summary>The testbed's HTTPS server (nginx, port 443), which serves the scenarios' MTA-STS policies.</summary>
/// <param name="Address">Its address, <c>127.53.4.1</c>.</param>
/// <param name="CaRoot">The testbed root CA (PEM) that issued its certificates (and the <c>ca-issued</c> MX certificates).</param>
public sealed record HttpsServer(string Address, string CaRoot);
