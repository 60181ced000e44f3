/*
 * Checks DaneKit's restatement of OpenSSL's DANE cases (danetest-cases.txt, openssl-extra-cases.txt) against
 * OpenSSL itself: each case goes through SSL_dane_enable, SSL_dane_tlsa_add and X509_verify_cert the way
 * test/danetest.c does it, and the verify result and SSL_get0_dane_authority depth are compared with the case's
 * "openssl" line. Not part of the test run (it needs a C compiler and the OpenSSL headers):
 *
 *   cc -o /tmp/openssl-check openssl-check.c -lssl -lcrypto
 *   /tmp/openssl-check danetest-cases.txt                 # at the wall clock, as danetest runs
 *   /tmp/openssl-check danetest-cases.txt 1893456000      # at the pinned time, 2030-01-01T00:00:00Z
 *
 * It prints one line per case (with the usage, selector and matching type of the record OpenSSL matched) and
 * exits non-zero when any case differs.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/pem.h>
#include <openssl/err.h>

static STACK_OF(X509) *pems(const char *text) {
    STACK_OF(X509) *s = sk_X509_new_null();
    BIO *b = BIO_new_mem_buf(text, -1);
    X509 *x;
    while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) sk_X509_push(s, x);
    ERR_clear_error();
    BIO_free(b);
    return s;
}

static unsigned char *unhex(const char *h, size_t *n) {
    size_t l = strlen(h); unsigned char *o = malloc(l / 2 + 1); *n = 0;
    for (size_t i = 0; i + 1 < l; i += 2) { unsigned int v; sscanf(h + i, "%2x", &v); o[(*n)++] = (unsigned char)v; }
    return o;
}

int main(int argc, char **argv) {
    FILE *f = argc > 1 ? fopen(argv[1], "r") : NULL;
    if (f == NULL) { fprintf(stderr, "usage: %s FILE [UNIX-TIME]\n", argv[0]); return 2; }
    long at = argc > 2 ? atol(argv[2]) : 0;
    static char line[1 << 16];
    static char block[1 << 20];
    char *tlsa[8]; int ntlsa = 0, id = 0, want = 0, wantdepth = 0, wu = -1, ws = -1, wm = -1, unchecked = 0, failed = 0, total = 0;
    char name[256] = "";
    int mode = 0; /* 1 file trust roots, 2 chain, 3 case trust roots */
    int incase = 0;
    X509_STORE *roots = X509_STORE_new(), *caseroots = NULL;
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_dane_enable(ctx);
    SSL_CTX_dane_mtype_set(ctx, EVP_sha512(), 2, 1);
    SSL_CTX_dane_mtype_set(ctx, EVP_sha256(), 1, 2);
    block[0] = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (mode) {
            if (strcmp(line, "end") != 0) { if (line[0] != '#') { strcat(block, line); strcat(block, "\n"); } continue; }
            STACK_OF(X509) *certs = pems(block);
            block[0] = 0;
            if (mode == 1 || mode == 3) {
                X509_STORE *into = mode == 1 ? roots : (caseroots = X509_STORE_new());
                for (int i = 0; i < sk_X509_num(certs); i++) X509_STORE_add_cert(into, sk_X509_value(certs, i));
                sk_X509_pop_free(certs, X509_free);
                mode = 0; continue;
            }
            mode = 0; total++;
            SSL *ssl = SSL_new(ctx);
            SSL_set_connect_state(ssl);
            SSL_dane_enable(ssl, name);
            if (unchecked) SSL_dane_set_flags(ssl, DANE_FLAG_NO_DANE_EE_NAMECHECKS);
            for (int i = 0; i < ntlsa; i++) {
                unsigned u, s, m; char hex[8192]; size_t n;
                sscanf(tlsa[i], "%u %u %u %8191s", &u, &s, &m, hex);
                unsigned char *d = unhex(hex, &n);
                if (SSL_dane_tlsa_add(ssl, u, s, m, d, n) <= 0) printf("case %d: record %d not added\n", id, i);
                free(d); free(tlsa[i]);
            }
            X509_STORE_CTX *sctx = X509_STORE_CTX_new();
            X509_STORE_CTX_init(sctx, caseroots ? caseroots : roots, sk_X509_value(certs, 0), certs);
            X509_STORE_CTX_set_ex_data(sctx, SSL_get_ex_data_X509_STORE_CTX_idx(), ssl);
            X509_STORE_CTX_set_default(sctx, "ssl_server");
            X509_VERIFY_PARAM_set1(X509_STORE_CTX_get0_param(sctx), SSL_get0_param(ssl));
            if (at) X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(sctx), (time_t)at);
            X509_STORE_CTX_set0_dane(sctx, SSL_get0_dane(ssl));
            int ok = X509_verify_cert(sctx);
            int err = X509_STORE_CTX_get_error(sctx);
            SSL_set_verify_result(ssl, X509_V_OK);
            int depth = SSL_get0_dane_authority(ssl, NULL, NULL);
            uint8_t mu = 255, ms = 255, mm = 255;
            SSL_get0_dane_tlsa(ssl, &mu, &ms, &mm, NULL, NULL);
            int bad = err != want || depth != wantdepth || (want == 0 && ok != 1)
                || (wu >= 0 && (wu != mu || ws != ms || wm != mm));
            failed += bad;
            printf("case %d: %s openssl %d %d [%d %d %d] (file says %d %d)\n", id, bad ? "DIFFERS" : "agrees", err, depth, mu, ms, mm, want, wantdepth);
            X509_STORE_CTX_free(sctx); SSL_free(ssl); sk_X509_pop_free(certs, X509_free);
            ntlsa = 0; incase = 0;
            if (caseroots) { X509_STORE_free(caseroots); caseroots = NULL; }
            continue;
        }
        if (!strcmp(line, "trust-roots")) mode = incase ? 3 : 1;
        else if (!strcmp(line, "chain")) mode = 2;
        else if (!strncmp(line, "case ", 5)) { id = atoi(line + 5); unchecked = 0; incase = 1; }
        else if (!strncmp(line, "name ", 5)) snprintf(name, sizeof name, "%.200s", line + 5);
        else if (!strncmp(line, "dane-ee-names ", 14)) unchecked = !strcmp(line + 14, "unchecked");
        else if (!strncmp(line, "tlsa ", 5)) tlsa[ntlsa++] = strdup(line + 5);
        else if (!strncmp(line, "openssl ", 8)) { wu = ws = wm = -1; sscanf(line + 8, "%d %d %d %d %d", &want, &wantdepth, &wu, &ws, &wm); }
    }
    printf("%d cases, %d differ\n", total, failed);
    return failed != 0;
}
