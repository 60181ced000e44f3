using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Tests.Tlsa.Generator;

/// <summary>Test certificates made on the fly, and openssl run as the reference.</summary>
internal static class GeneratorTestCertificates
{
    public static X509Certificate2 Create(string kind, string subject = "CN=mail.example.com")
    {
        var now = DateTimeOffset.UtcNow;
        if (kind == "rsa")
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        }

        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecRequest = new CertificateRequest(subject, ec, HashAlgorithmName.SHA256);
        return ecRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }

    public static string WritePem(string label, byte[] der)
    {
        var path = Path.Combine(Path.GetTempPath(), $"danekit-tlsa-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, PemEncoding.WriteString(label, der));
        return path;
    }

    /// <summary>Runs a shell pipeline and returns the hex digest that <c>openssl dgst -r</c> prints, uppercase.</summary>
    public static string OpenSslDigest(string pipeline)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", pipeline])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"'{pipeline}' failed: {stderr}");
        return stdout.Split(' ', 2)[0].Trim().ToUpperInvariant();
    }
}
