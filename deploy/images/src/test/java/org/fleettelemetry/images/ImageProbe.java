package org.fleettelemetry.images;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import javax.crypto.KeyAgreement;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Run INSIDE an image (chrooted, as its user, on the image's runtime and the app's classpath): checks
 * what the app needs from the runtime and the base that a {@code --help} never touches. Each argument
 * names a check; a failed check prints why and exits 1. Reflection only, so it compiles without the
 * apps' libraries.
 */
public final class ImageProbe {
    private ImageProbe() {}

    public static void main(String[] args) throws Exception {
        for (String check : args) {
            switch (check) {
                case "tls" -> tls();
                case "zstd" -> zstd();
                case "rocksdb" -> invokeStatic("org.rocksdb.RocksDB", "loadLibrary");
                case "httpserver" -> Class.forName("com.sun.net.httpserver.HttpServer");
                case "state-dir" -> stateDir();
                default -> throw new IllegalArgumentException("unknown check " + check);
            }
            System.out.println("ok " + check);
        }
    }

    /** Kafka over TLS: TLS 1.3, EC and X25519 key exchange (jdk.crypto.ec), a populated cacerts. */
    private static void tls() throws Exception {
        SSLContext.getInstance("TLSv1.3").init(null, null, null);
        KeyPairGenerator.getInstance("EC").generateKeyPair();
        KeyAgreement.getInstance("X25519");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        int roots = ((X509TrustManager) tmf.getTrustManagers()[0]).getAcceptedIssuers().length;
        if (roots < 50) {
            throw new IllegalStateException("the runtime's cacerts has only " + roots + " roots");
        }
    }

    /** The collector's producer compresses with zstd: its JNI library loads from /tmp. */
    private static void zstd() throws Exception {
        byte[] input = "fleet-telemetry".repeat(100).getBytes(StandardCharsets.UTF_8);
        Method compress = Class.forName("com.github.luben.zstd.Zstd").getMethod("compress", byte[].class);
        byte[] compressed = (byte[]) compress.invoke(null, (Object) input);
        if (compressed.length >= input.length) {
            throw new IllegalStateException("zstd did not compress");
        }
    }

    /** The image's user can write its state volume. */
    private static void stateDir() throws Exception {
        Path probe = Files.createTempFile(Path.of("/var/lib/fleet-telemetry"), "probe", ".tmp");
        Files.writeString(probe, "written");
        Files.delete(probe);
    }

    private static void invokeStatic(String className, String method) throws Exception {
        Class.forName(className).getMethod(method).invoke(null);
    }
}
