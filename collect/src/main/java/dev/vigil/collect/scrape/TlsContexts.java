package dev.vigil.collect.scrape;

import dev.vigil.collect.config.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the TLS settings of a job's HTTP client from {@code tls_config}: CA certificates (PEM), a
 * client certificate and its PKCS#8 PEM key, {@code insecure_skip_verify}, {@code min_version} and
 * {@code server_name} (sent as SNI; the certificate is still checked against the target's host, a
 * limit of the JDK's HTTP client).
 */
public final class TlsContexts {
  private TlsContexts() {}

  static void configure(HttpClient.Builder b, TlsConfig tls, String job) {
    try {
      SSLContext ctx = sslContext(tls);
      b.sslContext(ctx);
      SSLParameters params = ctx.getDefaultSSLParameters();
      if (tls.serverName() != null && !tls.serverName().isEmpty()) {
        params.setServerNames(List.of(new SNIHostName(tls.serverName())));
      }
      if (tls.minVersion() != null) {
        List<String> all = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
        int keep =
            switch (tls.minVersion()) {
              case "TLS13" -> 1;
              case "TLS12" -> 2;
              case "TLS11" -> 3;
              default -> 4;
            };
        List<String> protocols = all.subList(0, keep);
        params.setProtocols(protocols.toArray(new String[0]));
      }
      b.sslParameters(params);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "scrape config for job \"" + job + "\": tls_config: " + e.getMessage(), e);
    }
  }

  /**
   * An SSL context with the CA certificates, client certificate and {@code insecure_skip_verify} of
   * {@code tls}; {@code server_name} and {@code min_version} are the caller's to apply.
   */
  public static SSLContext sslContext(TlsConfig tls) throws IOException, GeneralSecurityException {
    TrustManager[] tms = null;
    if (tls.insecureSkipVerify()) {
      tms = new TrustManager[] {new TrustAll()};
    } else if (tls.ca() != null || tls.caFile() != null) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certificates(pem(tls.ca(), tls.caFile()))) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      tms = tmf.getTrustManagers();
    }
    javax.net.ssl.KeyManager[] kms = null;
    if (tls.cert() != null || tls.certFile() != null) {
      List<Certificate> chain = certificates(pem(tls.cert(), tls.certFile()));
      PrivateKey key = privateKey(pem(tls.key(), tls.keyFile()));
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      char[] pw = new char[0];
      ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      kms = kmf.getKeyManagers();
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kms, tms, null);
    return ctx;
  }

  private static String pem(String inline, String file) throws IOException {
    return inline != null ? inline : Files.readString(Path.of(file));
  }

  private static List<Certificate> certificates(String pem) throws GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<Certificate> out =
        new ArrayList<>(
            cf.generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    if (out.isEmpty()) {
      throw new GeneralSecurityException("no PEM certificate found");
    }
    return out;
  }

  private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    String begin = "-----BEGIN PRIVATE KEY-----";
    int s = pem.indexOf(begin);
    int e = pem.indexOf("-----END PRIVATE KEY-----");
    if (s < 0 || e < s) {
      throw new GeneralSecurityException(
          "the key must be an unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY); convert with"
              + " openssl pkcs8 -topk8 -nocrypt");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(s + begin.length(), e));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String alg : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException ex) {
        last = ex;
      }
    }
    throw new GeneralSecurityException("unsupported private key: " + last.getMessage());
  }

  /** Accepts every certificate and host: {@code insecure_skip_verify: true}. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
