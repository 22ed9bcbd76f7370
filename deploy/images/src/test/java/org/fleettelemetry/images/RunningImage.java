package org.fleettelemetry.images;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An image unpacked into a root file system, ready to run commands in (see {@link RootfsRunner}). */
final class RunningImage {
    private final ImageArchive archive;
    private final Path rootfs;
    private final RootfsRunner runner;

    private RunningImage(ImageArchive archive, Path rootfs) {
        this.archive = archive;
        this.rootfs = rootfs;
        this.runner = new RootfsRunner(rootfs, archive.runConfig().get("User").asText(), archive.strings("Env"));
    }

    /** Skips the calling test class (an assumption, not a failure) where this machine cannot run images. */
    static RunningImage unpack(String app, Path work) throws IOException, InterruptedException {
        Optional<String> unavailable = RootfsRunner.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "not running the " + app + " image: " + unavailable.orElseThrow());
        ImageArchive archive = ImageArchive.open(BuiltImages.tarball(app), work.resolve("archive"));
        Path rootfs = work.resolve("rootfs");
        archive.unpackInto(rootfs);
        return new RunningImage(archive, rootfs);
    }

    /** The image's entrypoint, as its config gives it. */
    List<String> entrypoint() {
        return archive.strings("Entrypoint");
    }

    /** The image's entrypoint with these arguments instead of its default ones. */
    Commands.Result runEntrypoint(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(archive.strings("Entrypoint"));
        command.addAll(args);
        return runner.run(command);
    }

    /** What `docker run IMAGE` would start: entrypoint and default arguments. */
    Commands.Result runDefault() throws IOException, InterruptedException {
        return runEntrypoint(archive.strings("Cmd"));
    }

    Commands.Result run(List<String> command) throws IOException, InterruptedException {
        return runner.run(command);
    }

    /** {@link ImageProbe} on the image's runtime with the app's classpath, as the image's user. */
    Commands.Result probe(String... checks) throws IOException, InterruptedException {
        Path classes = rootfs.resolve("tmp/probe");
        Path probeClass = classes.resolve("org/fleettelemetry/images/ImageProbe.class");
        Files.createDirectories(probeClass.getParent());
        Files.copy(compiledProbe(), probeClass, StandardCopyOption.REPLACE_EXISTING);
        String appClasspath =
                Files.readString(rootfs.resolve("app/jib-classpath-file")).strip();
        List<String> command =
                new ArrayList<>(List.of("java", "-cp", appClasspath + ":/tmp/probe", ImageProbe.class.getName()));
        command.addAll(List.of(checks));
        return runner.run(command);
    }

    /** Places a host file into the image (readable by everyone) and returns its path inside. */
    String place(Path hostFile, String pathInImage) throws IOException {
        Path target = rootfs.resolve(pathInImage.substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(hostFile, target, StandardCopyOption.REPLACE_EXISTING);
        return pathInImage;
    }

    private static Path compiledProbe() {
        try {
            Path classesDir = Path.of(ImageProbe.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return classesDir.resolve("org/fleettelemetry/images/ImageProbe.class");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
