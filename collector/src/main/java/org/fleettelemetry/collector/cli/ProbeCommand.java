package org.fleettelemetry.collector.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.collector.config.HostPort;
import org.fleettelemetry.collector.config.ProbeSettings;
import org.fleettelemetry.collector.probe.ConnectivityProbe;
import org.fleettelemetry.collector.probe.ProbeOutcome;
import org.fleettelemetry.collector.probe.ProbeReport;
import org.fleettelemetry.collector.probe.ProbeTrust;
import org.fleettelemetry.config.ConfigSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code collector probe [--config FILE] [--set k=v]... [--json]}: one probe of every target now, for a person at the
 * endpoint. Reads only {@code proxy} and the {@code probe.*} keys (the collector's own file works: its other keys are
 * left alone); no Kafka, no registry, no state. Exit status 0 when every target is OK, 1 when one is not, 2 for a bad
 * configuration.
 */
@Command(
        name = "probe",
        description =
                "Walk the agent's path to the Security Cloud now (proxy, CONNECT, TLS, HTTPS) and time each step.",
        mixinStandardHelpOptions = true)
public final class ProbeCommand implements Callable<Integer> {
    /** Exit status when a target is not OK. */
    public static final int EXIT_FAILED = 1;

    @Option(
            names = "--config",
            description = "Properties file: proxy and probe.* are read, other keys ignored. COLLECTOR_* environment "
                    + "variables override it, --set overrides both.")
    Path config;

    @Option(names = "--set", description = "key=value override, repeatable (e.g. probe.targets=host:443)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--json", description = "One JSON object per target (target, verdict, steps, ...) instead of text")
    boolean json;

    @Override
    public Integer call() {
        ProbeSettings settings = ProbeSettings.from(
                ConfigSource.load(config, System.getenv(), CollectorConfig.ENV_PREFIX, ConfigSource.parsePairs(sets)));
        ProbeTrust trust = ConnectivityProbe.trustOf(settings);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (!json) {
            out.printf(
                    "Probing %d target(s) %s, timeout %d ms each, trusting %s%n%n",
                    settings.targets().size(),
                    settings.proxy().map(p -> "through proxy " + p).orElse("directly (no proxy)"),
                    settings.timeout().toMillis(),
                    trust.description());
        }
        int failed = 0;
        try (ConnectivityProbe probe = new ConnectivityProbe(settings, trust, Clock.systemUTC())) {
            for (HostPort target : settings.targets()) {
                ProbeOutcome outcome = probe.probe(target);
                failed += outcome.ok() ? 0 : 1;
                out.print(json ? ProbeReport.json(outcome) + "\n" : ProbeReport.text(outcome) + "\n");
            }
        }
        if (!json) {
            out.println(
                    failed == 0
                            ? "All targets OK."
                            : failed + " of " + settings.targets().size() + " target(s) failed.");
        }
        out.flush();
        return failed == 0 ? 0 : EXIT_FAILED;
    }
}
