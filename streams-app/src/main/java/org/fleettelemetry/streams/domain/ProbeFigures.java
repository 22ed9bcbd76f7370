package org.fleettelemetry.streams.domain;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the collectors' active probe says of one outage (#18): among its affected endpoints, how many had a probe
 * result ({@code endpoints}, M) and how many of those the latest probe failed with the outage's class
 * ({@code confirmed}, N), the step most of those failed at, and what that step found.
 *
 * <p>Why M is the affected endpoints that probed rather than all affected ones: collectors without the probe (older
 * versions, the probe turned off) say nothing either way, and an alert that says "confirmed at 3 of 40" when only 3
 * of the 40 can probe reads as weak evidence when every probe agrees; the affected count is in the alert beside it.
 * An affected endpoint whose latest probe passed or failed otherwise stays in M: the probe disagrees there.
 *
 * @param failedStep the most common failing step among the confirmed endpoints (ties: the first by name); null when
 *     none is confirmed
 * @param detail what that step found, e.g. {@code PROXY_TUNNEL answered 407}; null when nothing to add
 */
public record ProbeFigures(int confirmed, int endpoints, String failedStep, String detail) {

    /**
     * "confirmed by active probe at N of M endpoints (failing step: PROXY_TUNNEL answered 407)" (the step's finding
     * when there is one, else the step alone), or that the probe does not confirm it.
     */
    public String sentence() {
        if (confirmed == 0) {
            return "not confirmed by the active probe (0 of " + endpoints + " endpoints that probed)";
        }
        String found = detail != null ? detail : failedStep;
        return "confirmed by active probe at " + confirmed + " of " + endpoints + " endpoints"
                + (found == null ? "" : " (failing step: " + found + ")");
    }

    /**
     * The figures of an outage across sites (PROXY, FLEET) from those of its sites: N and M summed; the failing step the
     * one most confirmed endpoints failed at, by each site's most common step (weighted by its N), with that site's
     * detail. Null when no site has probe figures.
     */
    static ProbeFigures sum(List<ProbeFigures> sites) {
        int confirmed = 0;
        int endpoints = 0;
        Map<String, Integer> steps = new TreeMap<>();
        Map<String, String> details = new TreeMap<>();
        boolean any = false;
        for (ProbeFigures p : sites) {
            if (p == null) {
                continue;
            }
            any = true;
            confirmed += p.confirmed();
            endpoints += p.endpoints();
            if (p.confirmed() > 0 && p.failedStep() != null) {
                steps.merge(p.failedStep(), p.confirmed(), Integer::sum);
                if (p.detail() != null) {
                    details.putIfAbsent(p.failedStep(), p.detail());
                }
            }
        }
        if (!any) {
            return null;
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : steps.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return new ProbeFigures(confirmed, endpoints, best, best == null ? null : details.get(best));
    }

    /** Counts the affected endpoints of one outage; {@link #figures()} is null when none of them probed. */
    static final class Tally {
        private int endpoints;
        private int confirmed;
        private final Map<String, Integer> steps = new TreeMap<>();
        private final Map<String, String> details = new TreeMap<>();

        void add(ProbeMark probe, ErrorClass errorClass) {
            if (probe == null) {
                return;
            }
            endpoints++;
            if (probe.failed() == errorClass) {
                confirmed++;
                String step = probe.step() == null ? "" : probe.step();
                steps.merge(step, 1, Integer::sum);
                String detail = probe.detail();
                if (detail != null) {
                    details.putIfAbsent(step, detail);
                }
            }
        }

        ProbeFigures figures() {
            if (endpoints == 0) {
                return null;
            }
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> e : steps.entrySet()) {
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            String step = best == null || best.isEmpty() ? null : best;
            return new ProbeFigures(confirmed, endpoints, step, best == null ? null : details.get(best));
        }
    }
}
