#!/usr/bin/env bash
# bench/run-dnssec-verify.sh [BenchmarkDotNet args...]: DNSSEC signature verifications per second on one thread,
# DaneKit (SignatureVerifier, BenchmarkDotNet short job, in-process) beside `openssl speed` run in the same
# script (one process, one thread), then a table with the ratio. Goal (DNSSEC validator issue): DaneKit at
# least 0.7x OpenSSL for RSA-2048 and ECDSA P-256. Ed25519 is BouncyCastle against OpenSSL, for information.
# Environment: ARTIFACTS (build output, default /tmp/danekit-bench), RESULTS (BenchmarkDotNet reports),
# OPENSSL (default openssl), SECONDS_PER_ALG (openssl speed -seconds, default 2).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
artifacts="${ARTIFACTS:-/tmp/danekit-bench}"
results="${RESULTS:-$artifacts/results-dnssec}"
openssl="${OPENSSL:-openssl}"
dotnet build "$here/DaneKit.Bench/DaneKit.Bench.csproj" -c Release --artifacts-path "$artifacts" -v quiet -nologo
rm -rf "$results"
dotnet "$artifacts/bin/DaneKit.Bench/release/DaneKit.Bench.dll" \
  --filter '*DnssecVerifyBenchmarks*' --job short --inProcess --exporters json --artifacts "$results" "$@"

speed="$results/openssl-speed.txt"
"$openssl" version | tee "$speed"
"$openssl" speed -seconds "${SECONDS_PER_ALG:-2}" rsa2048 ecdsap256 ed25519 2>/dev/null | tee -a "$speed"

python3 - "$results" "$speed" <<'PY'
import glob, json, re, sys
results, speed = sys.argv[1], sys.argv[2]
report = json.load(open(glob.glob(results + "/results/*DnssecVerifyBenchmarks*-report-full-compressed.json")[0]))
ours = {b["Method"]: (1e9 / b["Statistics"]["Mean"], b.get("Memory", {}).get("BytesAllocatedPerOperation", 0))
        for b in report["Benchmarks"]}

# openssl speed prints a header ("sign verify sign/s verify/s", with more columns for RSA in 3.x) before each
# table; the data lines end with as many numbers as the header has columns.
peer, header = {}, None
for line in open(speed):
    tokens = line.split()
    if "verify/s" in tokens:
        header = tokens
        continue
    if header and len(tokens) > len(header):
        row = dict(zip(header, tokens[-len(header):]))
        label = " ".join(tokens[:-len(header)])
        for key, pattern in (("rsa2048", r"^rsa 2048 bits"), ("ecdsap256", r"nistp256"), ("ed25519", r"Ed25519")):
            if re.search(pattern, label):
                peer[key] = float(row["verify/s"])

rows = [("RSA-2048/SHA-256 (alg 8)", "Rsa2048Sha256", "rsa2048"),
        ("ECDSA P-256/SHA-256 (alg 13)", "EcdsaP256Sha256", "ecdsap256"),
        ("Ed25519 (alg 15)", "Ed25519", "ed25519"),
        ("RSA-2048/SHA-256, key imported each call", "Rsa2048Sha256Cold", None)]
print()
print(f"{'algorithm':<42} {'DaneKit verify/s':>17} {'B/op':>6} {'openssl verify/s':>17} {'ratio':>6}")
for label, method, key in rows:
    if method not in ours:
        continue
    rate, alloc = ours[method]
    other = peer.get(key) if key else None
    ratio = f"{rate / other:.2f}" if other else "-"
    other_text = f"{other:,.0f}" if other else "-"
    print(f"{label:<42} {rate:>17,.0f} {alloc:>6} {other_text:>17} {ratio:>6}")
env = report["HostEnvironmentInfo"]
print(f"(one thread each; {env['ProcessorName']}, {env['RuntimeVersion']}; signed data 160 octets; "
      f"DaneKit: RSA/ECDSA via System.Security.Cryptography on the same OpenSSL, Ed25519 via BouncyCastle)")
PY
