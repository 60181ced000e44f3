using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DaneKit.Dns;
using DaneKit.Tests.Dns.Messages;
using Xunit.Abstractions;

namespace DaneKit.Tests.Dns.Fuzz;

/// <summary>
/// Property test of the decoder over mutated captured responses: <see cref="DnsMessage.TryParse"/> never
/// throws, returns exactly one of message and error, and any message it returns encodes and decodes again.
/// Deterministic: every chunk of inputs comes from <c>new Random(seed, chunk)</c>; set
/// <c>DANEKIT_FUZZ_SEED</c> to try another seed and <c>DANEKIT_FUZZ_ITERATIONS</c> to change the count.
/// </summary>
public sealed class MessageFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 7672;
    private const int DefaultIterations = 1_000_000;
    private const int ChunkSize = 2_000;

    /// <summary>
    /// A single parse (plus re-encode and re-parse) slower than this, three times over, is reported as a hang. It is a
    /// bound on runaway work (loops, quadratic blow-up), not a speed claim: a normal parse takes microseconds, and a
    /// loaded 2-core CI machine has been seen to stall a thread for over 150 ms.
    /// </summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromMilliseconds(1000);

    /// <summary>Vectors whose every prefix is tried (truncation at every length).</summary>
    private static readonly string[] TruncatedEverywhere =
        ["unbound-tlsa-secure", "unbound-mx-expired-ede7", "auth-nsec3-nxdomain", "tld-referral-signed", "auth-nxdomain-alg8-tcp"];

    [Fact]
    public void MutatedCapturedMessagesNeverBreakTheDecoder()
    {
        var seed = EnvInt("DANEKIT_FUZZ_SEED", DefaultSeed);
        var iterations = EnvInt("DANEKIT_FUZZ_ITERATIONS", DefaultIterations);
        var vectors = MessageVectors.All.Select(v => v.Wire).ToArray();
        var failures = new ConcurrentQueue<string>();
        long parsed = 0, refused = 0, maxTicks = 0;
        var total = Stopwatch.StartNew();

        // 1. Every prefix of a few vectors: each length cuts a different field.
        var prefixes = 0;
        foreach (var id in TruncatedEverywhere)
        {
            var wire = MessageVectors.Get(id).Wire;
            for (var len = 0; len <= wire.Length; len++, prefixes++)
            {
                Check(wire.AsSpan(0, len).ToArray(), $"seed {seed}: prefix of {id}, length {len}", ref parsed, ref refused, ref maxTicks, failures);
            }
        }

        // 2. Random mutations, in chunks spread over the cores; chunk c uses its own seeded generator so the
        // inputs do not depend on scheduling.
        var random = Math.Max(0, iterations - prefixes);
        var chunks = (random + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, () => (parsed: 0L, refused: 0L, max: 0L), (chunk, _, local) =>
        {
            var rng = new Random(HashCode.Combine(seed, chunk));
            var count = Math.Min(ChunkSize, random - (chunk * ChunkSize));
            for (var i = 0; i < count && failures.Count < 10; i++)
            {
                var (input, how) = Mutate(rng, vectors);
                Check(input, $"seed {seed}, chunk {chunk}, iteration {i}: {how}", ref local.parsed, ref local.refused, ref local.max, failures);
            }

            return local;
        }, local =>
        {
            Interlocked.Add(ref parsed, local.parsed);
            Interlocked.Add(ref refused, local.refused);
            long seen;
            while ((seen = Interlocked.Read(ref maxTicks)) < local.max && Interlocked.CompareExchange(ref maxTicks, local.max, seen) != seen)
            {
            }
        });

        var elapsed = total.Elapsed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}: {parsed + refused:N0} inputs ({prefixes:N0} prefixes), {parsed:N0} parsed, {refused:N0} refused, " +
            $"{elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores, slowest parse {Stopwatch.GetElapsedTime(0, maxTicks).TotalMilliseconds:F2} ms"));
        Assert.True(failures.IsEmpty, string.Join("\n\n", failures));
        Assert.True(parsed + refused >= iterations, $"only {parsed + refused} inputs checked");
        Assert.True(parsed > iterations / 100, $"only {parsed} of the mutated inputs parsed: the mutations are too destructive to test the success path");
    }

    /// <summary>Checks the property on one input; records a failure with the input's hex.</summary>
    private static void Check(byte[] input, string what, ref long parsed, ref long refused, ref long maxTicks, ConcurrentQueue<string> failures)
    {
        var start = Stopwatch.GetTimestamp();
        string? problem = Property(input, out var ok);
        var ticks = Stopwatch.GetTimestamp() - start;
        if (ticks > maxTicks)
        {
            maxTicks = ticks;
        }

        if (Stopwatch.GetElapsedTime(0, ticks) > HangBound)
        {
            // A GC pause or a descheduled thread can make one run slow: time it again, alone, three times.
            var best = Enumerable.Range(0, 3).Min(_ =>
            {
                var t = Stopwatch.GetTimestamp();
                Property(input, out bool _);
                return Stopwatch.GetElapsedTime(t);
            });
            if (best > HangBound)
            {
                problem ??= $"took {best.TotalMilliseconds:F1} ms (bound {HangBound.TotalMilliseconds} ms)";
            }
        }

        if (ok)
        {
            parsed++;
        }
        else
        {
            refused++;
        }

        if (problem is not null)
        {
            failures.Enqueue($"{what}: {problem}\ninput ({input.Length} octets): {Convert.ToHexString(input)}");
        }
    }

    /// <summary>The property; returns what went wrong, or null.</summary>
    private static string? Property(byte[] input, out bool ok)
    {
        ok = false;
        DnsMessage? m;
        DnsParseError? error;
        try
        {
            ok = DnsMessage.TryParse(input, out m, out error);
        }
        catch (Exception e)
        {
            return $"TryParse threw {e}";
        }

        if (ok != (m is not null) || ok == (error is not null))
        {
            return $"TryParse returned {ok} with message {(m is null ? "null" : "set")} and error {error?.ToString() ?? "null"}";
        }

        if (!ok)
        {
            return error!.Offset < 0 || error.Offset > input.Length ? $"error offset {error.Offset} outside the input: {error}" : null;
        }

        byte[] wire;
        try
        {
            wire = m!.ToWire();
        }
        catch (Exception e)
        {
            return $"ToWire of a parsed message threw {e}";
        }

        try
        {
            if (!DnsMessage.TryParse(wire, out var again, out var error2))
            {
                return $"the re-encoded message does not parse: {error2}\nre-encoded: {Convert.ToHexString(wire)}";
            }

            // Encoding is stable: what decodes from our own encoding encodes to the same octets.
            var wire2 = again!.ToWire();
            if (!wire.AsSpan().SequenceEqual(wire2))
            {
                return $"re-encoding is not stable:\n first: {Convert.ToHexString(wire)}\nsecond: {Convert.ToHexString(wire2)}";
            }
        }
        catch (Exception e)
        {
            return $"re-parse or re-encode threw {e}";
        }

        return null;
    }

    /// <summary>One to three mutations of a random vector.</summary>
    private static (byte[] Input, string How) Mutate(Random rng, byte[][] vectors)
    {
        var v = rng.Next(vectors.Length);
        var data = new List<byte>(vectors[v]);
        var how = $"vector {v}";
        var rounds = 1 + (rng.Next(4) == 0 ? rng.Next(1, 3) : 0);
        for (var r = 0; r < rounds; r++)
        {
            switch (rng.Next(9))
            {
                case 0: // bit flips
                    for (int n = rng.Next(1, 9), i = 0; i < n && data.Count > 0; i++)
                    {
                        data[rng.Next(data.Count)] ^= (byte)(1 << rng.Next(8));
                    }

                    how += ", bit flips";
                    break;
                case 1: // random byte overwrite
                    for (int n = rng.Next(1, 5), i = 0; i < n && data.Count > 0; i++)
                    {
                        data[rng.Next(data.Count)] = (byte)rng.Next(256);
                    }

                    how += ", byte overwrite";
                    break;
                case 2: // truncation
                {
                    var keep = rng.Next(data.Count + 1);
                    data.RemoveRange(keep, data.Count - keep);
                    how += ", truncation";
                    break;
                }

                case 3: // insertion
                {
                    var insert = new byte[rng.Next(1, 17)];
                    rng.NextBytes(insert);
                    data.InsertRange(rng.Next(data.Count + 1), insert);
                    how += ", insertion";
                    break;
                }

                case 4: // deletion
                    if (data.Count > 0)
                    {
                        var at = rng.Next(data.Count);
                        data.RemoveRange(at, Math.Min(rng.Next(1, 17), data.Count - at));
                    }

                    how += ", deletion";
                    break;
                case 5: // a count field set large, or one off
                    if (data.Count >= 12)
                    {
                        var field = 4 + (2 * rng.Next(4));
                        var old = (data[field] << 8) | data[field + 1];
                        var value = rng.Next(4) switch { 0 => 0xFFFF, 1 => old + 1, 2 => Math.Max(0, old - 1), _ => rng.Next(0x10000) } & 0xFFFF;
                        data[field] = (byte)(value >> 8);
                        data[field + 1] = (byte)value;
                    }

                    how += ", count";
                    break;
                case 6: // compression pointer injected
                    if (data.Count >= 2)
                    {
                        var at = rng.Next(data.Count - 1);
                        var target = rng.Next(3) switch { 0 => at, 1 => rng.Next(Math.Max(1, at)), _ => rng.Next(0x4000) };
                        data[at] = (byte)(0xC0 | (target >> 8));
                        data[at + 1] = (byte)target;
                    }

                    how += ", pointer";
                    break;
                case 7: // splice: this vector's head, another's tail
                {
                    var other = vectors[rng.Next(vectors.Length)];
                    var cut = rng.Next(data.Count + 1);
                    data.RemoveRange(cut, data.Count - cut);
                    data.AddRange(other.AsSpan(rng.Next(other.Length + 1)).ToArray());
                    how += ", splice";
                    break;
                }

                default: // an RDLENGTH-sized field nudged: a 16-bit value at a random offset +-1..3
                    if (data.Count >= 2)
                    {
                        var at = rng.Next(data.Count - 1);
                        var value = ((data[at] << 8) | data[at + 1]) + rng.Next(-3, 4);
                        data[at] = (byte)(value >> 8);
                        data[at + 1] = (byte)value;
                    }

                    how += ", 16-bit nudge";
                    break;
            }
        }

        return (data.ToArray(), how);
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
