package org.fleettelemetry.streams.config;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fleettelemetry.config.ConfigSource;
import org.fleettelemetry.schemas.registry.RegistryAuthenticationException;
import org.fleettelemetry.schemas.registry.RegistryUnavailableException;
import org.fleettelemetry.schemas.registry.SchemaRegistration;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streams-app schemas}: the deploy step's registry work. */
@Command(
        name = "schemas",
        mixinStandardHelpOptions = true,
        subcommands = SchemasCommand.Register.class,
        description = "Register the pipeline's Avro contracts in the schema registry (the deploy step, as admin).")
public final class SchemasCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /**
     * {@code schemas register}: every contract the collectors and the streams app write, under its topic's value
     * subject, with the subject's compatibility; idempotent (a second run prints the same ids). Exit 0 when all are
     * registered, 1 when the registry refused (401, 403, incompatible) or did not answer, 2 for a bad config.
     */
    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = {
                "Register every contract the apps write (events, heartbeats, alerts, alert actions) under its topic's"
                        + " value subject, and set the subjects' compatibility (default BACKWARD). Idempotent.",
                "Keys: schema.registry.url (required), the registry client's (basic.auth.*, schema.registry.*),"
                        + " topic.events, topic.heartbeats, topic.alerts, topic.actions, compatibility;"
                        + " from --config, SCHEMAS_* environment variables, then --set."
            })
    public static final class Register implements Callable<Integer> {
        public static final String ENV_PREFIX = "SCHEMAS";

        @Option(names = "--config", description = "Properties file")
        Path config;

        @Option(names = "--registry-url", description = "schema.registry.url (the same as --set schema.registry.url=)")
        String registryUrl;

        @Option(names = "--set", description = "key=value, repeatable")
        List<String> sets = new ArrayList<>();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<String> pairs = new ArrayList<>(sets);
            if (registryUrl != null) {
                pairs.add(0, "schema.registry.url=" + registryUrl);
            }
            Map<String, String> values =
                    ConfigSource.load(config, System.getenv(), ENV_PREFIX, ConfigSource.parsePairs(pairs));
            SchemaRegistration.Settings settings = SchemaRegistration.Settings.from(values);
            try (SchemaRegistryClient client = SchemaRegistryClient.create(settings.clientConfig())) {
                for (SchemaRegistration.Outcome outcome :
                        SchemaRegistration.register(client, settings.topicByKey(), settings.compatibility())) {
                    out.println(outcome);
                }
                out.flush();
                return 0;
            } catch (SchemaRegistryException e) {
                err.println("schemas register: " + e.getMessage());
                if (e.getCause() instanceof RegistryAuthenticationException) {
                    err.println("schemas register: only the registry's admin may register schemas (the apps' principals"
                            + " only read): run it with the admin's credentials");
                }
                err.flush();
                return 1;
            } catch (RegistryUnavailableException e) {
                err.println("schemas register: " + e.getMessage());
                err.flush();
                return 1;
            }
        }
    }
}
