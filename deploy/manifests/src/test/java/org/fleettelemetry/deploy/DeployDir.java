package org.fleettelemetry.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the manifests under test live: {@code deploy/} of the source tree (set by the pom, else found from here). */
final class DeployDir {
    private DeployDir() {}

    static Path root() {
        String configured = System.getProperty("deploy.dir");
        Path dir = configured != null
                ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir.resolve("compose")) || !Files.isDirectory(dir.resolve("k8s"))) {
            throw new IllegalStateException("deploy/ (with compose/ and k8s/) not found at " + dir
                    + "; run from deploy/manifests or set -Ddeploy.dir");
        }
        return dir.toAbsolutePath().normalize();
    }

    static Path compose() {
        return root().resolve("compose");
    }

    static Path composeFile() {
        return compose().resolve("compose.yaml");
    }

    static Path composeSecureFile() {
        return compose().resolve("compose.secure.yaml");
    }

    static Path secureEnvExample() {
        return compose().resolve("secure.env.example");
    }

    static Path k8s() {
        return root().resolve("k8s");
    }
}
