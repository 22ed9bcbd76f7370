package org.fleettelemetry.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.streams.StreamsConfig;
import org.fleettelemetry.streams.topology.InternalTopics;
import org.fleettelemetry.streams.topology.StoreNames;

/**
 * Refuses to start on state written by the per-event topology (before 0.6): its stores held other values under
 * other names and its repartition topic carried one observation per event, so running on it would silently start
 * from zero for every endpoint while the old internal topics still hold the old picture. Resetting is the
 * operator's call; the message says how.
 */
final class LegacyStateCheck {
    private LegacyStateCheck() {}

    /** The internal topics that only the old topology creates, for this application id. */
    static List<String> legacyTopics(String applicationId) {
        List<String> topics = new ArrayList<>();
        for (String store : StoreNames.LEGACY) {
            topics.add(applicationId + "-" + store + "-changelog");
        }
        topics.add(applicationId + "-" + InternalTopics.LEGACY_BY_SITE + "-repartition");
        return topics;
    }

    /** The legacy topics among {@code existing}, or a message for the operator; null when there are none. */
    static String refusal(String applicationId, Set<String> existing) {
        List<String> found =
                legacyTopics(applicationId).stream().filter(existing::contains).toList();
        if (found.isEmpty()) {
            return null;
        }
        return "the state of application.id '" + applicationId + "' was written by the per-event topology of an "
                + "older version (internal topics " + String.join(", ", found) + "), which this version cannot read. "
                + "Either start with a new application.id (the alerts topic is kept; endpoints are learned again "
                + "from new events within the active window), or stop every instance and reset it: "
                + "kafka-streams-application-reset --bootstrap-server B --application-id " + applicationId
                + " --input-topics <events>,<heartbeats> --to-latest (or --to-datetime), delete those internal "
                + "topics and each instance's state.dir, then start.";
    }

    /** Throws IllegalStateException with {@link #refusal} when the legacy topics exist. */
    static void verify(Properties streamsProperties) {
        Properties admin = new Properties();
        for (Map.Entry<Object, Object> e : streamsProperties.entrySet()) {
            String key = e.getKey().toString();
            if (AdminClientConfig.configNames().contains(key)) {
                admin.put(key, e.getValue());
            }
        }
        String applicationId = streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        try (Admin client = Admin.create(admin)) {
            Set<String> existing = client.listTopics(new ListTopicsOptions().listInternal(false))
                    .names()
                    .get(60, TimeUnit.SECONDS);
            String refusal = refusal(applicationId, existing);
            if (refusal != null) {
                throw new IllegalStateException(refusal);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking for old state", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics to check for old state: " + e.getMessage(), e);
        }
    }
}
