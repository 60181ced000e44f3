#!/usr/bin/python3
"""Unit tests of peer.classify on real posttls-finger logs recorded from the testbed (peer-logs/VERDICT--NAME.log),
plus hand-cut variants for paths the recordings do not reach. Run: testbed/peer_test.py"""
import glob
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer  # noqa: E402

LOGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peer-logs")


def load(path):
    return [ln[len(peer.PREFIX):] if ln.startswith(peer.PREFIX) else ln for ln in open(path).read().splitlines()]


class RecordedLogs(unittest.TestCase):
    def test_every_recording_classifies_to_its_verdict(self):
        files = sorted(glob.glob(os.path.join(LOGS, "*.log")))
        self.assertGreaterEqual(len(files), 10)
        for f in files:
            expected = os.path.basename(f).split("--")[0]
            with self.subTest(log=os.path.basename(f)):
                verdicts = [s["verdict"] for s in peer.classify(load(f))]
                self.assertEqual(peer.worst(verdicts), expected, f"sessions: {peer.classify(load(f))}")


class Variants(unittest.TestCase):
    def variant(self, name, drop=(), replace=None):
        lines = load(os.path.join(LOGS, name))
        lines = [ln for ln in lines if not any(d in ln for d in drop)]
        if replace:
            lines = [ln.replace(*replace) for ln in lines]
        return peer.worst([s["verdict"] for s in peer.classify(lines)])

    def test_no_starttls_without_tlsa_is_no_tls(self):
        self.assertEqual(self.variant("dane-fail--no-starttls.log", drop=["(TLSA): OK"]), "no-tls")

    def test_untrusted_without_tlsa_lookup_is_opportunistic(self):
        self.assertEqual(self.variant("dane-fail--stale-tlsa.log", drop=["(TLSA): OK"]), "opportunistic")

    def test_verified_becomes_trusted_when_mx_insecure(self):
        self.assertEqual(self.variant("authenticated--dane-ee-311.log", replace=("Verified TLS", "Trusted TLS")),
                         "authenticated-insecure-mx")

    def test_empty_log_is_deferred_not_success(self):
        self.assertEqual(peer.worst([s["verdict"] for s in peer.classify([])]), "deferred")

    def test_connected_then_silence_after_starttls_is_deferred(self):
        lines = ["Connected to mx.x.example[127.25.0.1]:25", "< 250-STARTTLS", "> STARTTLS"]
        self.assertEqual(peer.worst([s["verdict"] for s in peer.classify(lines)]), "deferred")

    def test_worst_order(self):
        self.assertEqual(peer.worst(["authenticated", "dane-fail", "deferred"]), "dane-fail")
        self.assertEqual(peer.worst(["authenticated", "authenticated-insecure-mx"]), "authenticated-insecure-mx")
        self.assertEqual(peer.worst(["no-mail"]), "no-mail")


if __name__ == "__main__":
    r = unittest.main(exit=False, verbosity=0).result
    n = r.testsRun
    bad = len(r.failures) + len(r.errors)
    print(f"{n - bad} passed, {bad} failed")
    sys.exit(1 if bad else 0)
