package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts the affected endpoints of one outage key during one evaluation, keeping only what an alert shows: the
 * count, the first ids, hosts, products, codes and the time span. Endpoints must be added in id order.
 */
final class AffectedTally {
    private static final int MAX_PRODUCTS = 10;

    private final int sampleSize;
    private final int maxHosts;
    private int count;
    private final List<String> sample = new ArrayList<>();
    private final TreeSet<String> hosts = new TreeSet<>();
    private final TreeSet<String> products = new TreeSet<>();
    private final Map<String, Integer> codes = new TreeMap<>();
    private Long firstSeen;
    private Long lastSeen;
    private final ProbeFigures.Tally probes = new ProbeFigures.Tally();

    AffectedTally(DetectionParams params) {
        this.sampleSize = params.sampleSize();
        this.maxHosts = params.maxTrackedHosts();
    }

    void add(String endpointId, String product, long at, String errorCode, String targetHost) {
        add(endpointId, product, at, errorCode, targetHost, null, null);
    }

    /** As above, with the endpoint's latest probe result and the class it is affected by. */
    void add(
            String endpointId,
            String product,
            long at,
            String errorCode,
            String targetHost,
            ProbeMark probe,
            ErrorClass errorClass) {
        probes.add(probe, errorClass);
        count++;
        if (sample.size() < sampleSize) {
            sample.add(endpointId);
        }
        if (targetHost != null && !targetHost.isBlank() && (hosts.size() < maxHosts || hosts.contains(targetHost))) {
            hosts.add(targetHost);
        }
        if (product != null && !product.isBlank() && products.size() < MAX_PRODUCTS) {
            products.add(product);
        }
        if (errorCode != null) {
            codes.merge(errorCode, 1, Integer::sum);
        }
        firstSeen = firstSeen == null ? at : Math.min(firstSeen, at);
        lastSeen = lastSeen == null ? at : Math.max(lastSeen, at);
    }

    int count() {
        return count;
    }

    List<String> sample() {
        return List.copyOf(sample);
    }

    List<String> hosts() {
        return List.copyOf(hosts);
    }

    List<String> products() {
        return List.copyOf(products);
    }

    /** The most frequent code; ties go to the alphabetically first, so the choice is deterministic. */
    String dominantCode() {
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : codes.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    OutageFigures figures(int active, List<String> sites) {
        return new OutageFigures(
                count,
                active,
                dominantCode(),
                sample,
                List.copyOf(hosts),
                List.copyOf(products),
                sites,
                firstSeen,
                lastSeen,
                probes.figures());
    }

    ProbeFigures probe() {
        return probes.figures();
    }
}
