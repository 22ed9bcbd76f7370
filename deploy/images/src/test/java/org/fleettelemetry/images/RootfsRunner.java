package org.fleettelemetry.images;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a command inside an unpacked image as a container runtime would, without one: in fresh mount
 * and PID namespaces with the image's own /proc (the JVM's launcher finds libjli.so through
 * /proc/self/exe), chrooted into the image, as the image's user, with only the image's environment.
 * Needs root (chroot and namespaces); {@link #unavailableReason()} says why it cannot run otherwise.
 */
final class RootfsRunner {
    private final Path rootfs;
    private final String user;
    private final Map<String, String> environment;

    RootfsRunner(Path rootfs, String user, List<String> imageEnv) {
        this.rootfs = rootfs;
        this.user = user;
        this.environment = new LinkedHashMap<>();
        for (String entry : imageEnv) {
            int eq = entry.indexOf('=');
            environment.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
    }

    /** Empty when this machine can run an image this way, else why not. */
    static Optional<String> unavailableReason() throws IOException, InterruptedException {
        if (new UnixSystem().getUid() != 0) {
            return Optional.of("running an image needs root (chroot, mount namespaces); this test runs as uid "
                    + new UnixSystem().getUid());
        }
        for (String tool : List.of("unshare", "chroot")) {
            if (hostTool(tool).isEmpty()) {
                return Optional.of("running an image needs " + tool + " (util-linux, coreutils) on the host");
            }
        }
        Commands.Result probe =
                Commands.run(List.of(hostTool("unshare").orElseThrow(), "--mount", "--pid", "--fork", "true"), null);
        if (probe.exitCode() != 0) {
            return Optional.of("namespaces are not permitted here (unshare exited " + probe.exitCode() + ": "
                    + probe.output().strip() + ")");
        }
        return Optional.empty();
    }

    Commands.Result run(List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(rootfs.resolve("proc"));
        List<String> full = new ArrayList<>(List.of(
                hostTool("unshare").orElseThrow(),
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=" + rootfs.resolve("proc"),
                hostTool("chroot").orElseThrow(),
                "--userspec=" + user,
                rootfs.toString()));
        full.addAll(command);
        return Commands.run(full, environment);
    }

    private static Optional<String> hostTool(String name) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
