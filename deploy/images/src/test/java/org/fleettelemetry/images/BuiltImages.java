package org.fleettelemetry.images;

import java.nio.file.Path;

/** Where the build put what these tests check (system properties set by this module's pom). */
final class BuiltImages {
    static final int FLEET_UID = 10001;

    private BuiltImages() {}

    static Path tarball(String app) {
        return Path.of(property("images." + app + ".tar"));
    }

    static Path runnableJar(String app) {
        return Path.of(property("images." + app + ".jar"));
    }

    static String version() {
        return property("images.version");
    }

    /** True when the images start from the offline base that deploy/images/base-image builds. */
    static boolean ownBase() {
        return property("images.base").startsWith("tar://");
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run these tests through Maven");
        }
        return value;
    }
}
