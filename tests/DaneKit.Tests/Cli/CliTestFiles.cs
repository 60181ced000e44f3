using System.Security.Cryptography;
using DaneKit.Tests.Smtp;

namespace DaneKit.Tests.Cli;

/// <summary>
/// Input files for the <c>tlsa</c> commands, written once to a temporary folder: the probe test chain (leaf +
/// intermediate) as PEM and DER, and files that are wrong in each way a user's file can be.
/// </summary>
public sealed class CliTestFiles : IDisposable
{
    /// <summary>An Ed25519 key (PKCS #8), a type the key reader does not take; made with openssl for this test only.</summary>
    public const string Ed25519PrivateKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIHL/VKPJ5yvqvGQRGK7euwd7GAGFd4fYaJEoDyv0FAOT
        -----END PRIVATE KEY-----
        """;

    /// <summary>A self-signed certificate with that Ed25519 key (CN=ed.example, 2026 to 2036).</summary>
    public const string Ed25519CertificatePem = """
        -----BEGIN CERTIFICATE-----
        MIIBPjCB8aADAgECAhQMLgTnU77xEgWo9N6axNz7DF0mdDAFBgMrZXAwFTETMBEG
        A1UEAwwKZWQuZXhhbXBsZTAeFw0yNjExMjkwNjUxNDdaFw0zNjExMjYwNjUxNDda
        MBUxEzARBgNVBAMMCmVkLmV4YW1wbGUwKjAFBgMrZXADIQDD6+wJvJWqavVHyuju
        MF0BRFjp7SweHXo/Rhimy2SKzqNTMFEwHQYDVR0OBBYEFDP69zUlLqsdP1cQH46x
        7jPejiviMB8GA1UdIwQYMBaAFDP69zUlLqsdP1cQH46x7jPejiviMA8GA1UdEwEB
        /wQFMAMBAf8wBQYDK2VwA0EANvH8roBuZl9MBDgOcXMxKLTlAlNGRemdG3JI/byk
        7AGIrUnmfaC5WK0sboMQSKcn4WIIWiP2b9JB8OaI9rLwDA==
        -----END CERTIFICATE-----
        """;

    /// <summary>SHA2-256 of the Ed25519 certificate's SubjectPublicKeyInfo, as openssl computes it.</summary>
    public const string Ed25519SpkiSha256 = "5CAF5E86F0EF34F3DB34EBFEC28A0D2E2755B93F0E3305ABAF9F3E4DAB9BFF6D";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("danekit-cli-tests-");

    public CliTestFiles()
    {
        Chain = Write("chain.pem", SmtpTestPki.Leaf.ExportCertificatePem() + "\n" + SmtpTestPki.Intermediate.ExportCertificatePem() + "\n");
        LeafDer = Write("leaf.der", SmtpTestPki.Leaf.RawData);
        Empty = Write("empty.pem", "");
        GarbagePem = Write("garbage.pem", "-----BEGIN CERTIFICATE-----\nthis is not base64 at all!\n-----END CERTIFICATE-----\n");
        GarbageDer = Write("garbage.der", RandomNumberGenerator.GetBytes(300));
        KeyOnlyPem = Write("key.pem", Ed25519PrivateKeyPem);
        Ed25519Certificate = Write("ed25519.pem", Ed25519CertificatePem);
        Missing = Path.Combine(_directory.FullName, "does-not-exist.pem");
    }

    public string Chain { get; }

    public string LeafDer { get; }

    public string Empty { get; }

    public string GarbagePem { get; }

    public string GarbageDer { get; }

    public string KeyOnlyPem { get; }

    public string Ed25519Certificate { get; }

    public string Missing { get; }

    public void Dispose() => _directory.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
