package org.fleettelemetry.collector.parse;

import java.util.List;
import org.fleettelemetry.schemas.avro.EventKind;

/**
 * What one entry's first line means: the kind, the normalised error code and the typed fields of
 * {@link org.fleettelemetry.schemas.avro.EndpointEvent}, plus how the line may combine with others.
 *
 * @param role how the line joins a multi-line failure; {@link GroupRole#NONE} otherwise
 * @param listsUrls the continuation lines of this entry are URLs (the FSSCORE "will not be scanned" list)
 */
public record Classification(
        EventKind kind,
        String errorCode,
        Integer curlCode,
        Integer agentHttpError,
        Integer fserr,
        Integer waitCode,
        String targetHost,
        String lineProxy,
        Long durationMs,
        String objectSha1,
        List<String> urls,
        GroupRole role,
        boolean listsUrls) {

    public static final Classification OTHER = of(EventKind.OTHER, null);

    public Classification {
        urls = List.copyOf(urls);
    }

    static Classification of(EventKind kind, String errorCode) {
        return new Classification(
                kind, errorCode, null, null, null, null, null, null, null, null, List.of(), GroupRole.NONE, false);
    }

    /**
     * The code of a connection failure from the codes it carries, most specific first: a non-zero curl
     * code, else the wait result, else a non-zero agent error; null when none of them is set.
     */
    static String connectionFailureCode(Integer curlCode, Integer waitCode, Integer agentHttpError) {
        if (curlCode != null && curlCode != 0) {
            return code(CURL_CODES, "curl:", curlCode);
        }
        if (waitCode != null) {
            return code(WAIT_CODES, "wait:", waitCode);
        }
        if (agentHttpError != null && agentHttpError != 0) {
            return code(AGENT_CODES, "agent:", agentHttpError);
        }
        return null;
    }

    /**
     * The few codes a fleet logs come again on every failure line: built once (curl codes are below 100,
     * wait results and HTTP errors below 600). A slot is filled racily, which is safe for a String.
     */
    private static final int CACHED_CODES = 600;

    private static final String[] CURL_CODES = new String[CACHED_CODES];
    private static final String[] WAIT_CODES = new String[CACHED_CODES];
    private static final String[] AGENT_CODES = new String[CACHED_CODES];

    private static String code(String[] cache, String prefix, int code) {
        if (code < 0 || code >= cache.length) {
            return prefix + code;
        }
        String cached = cache[code];
        if (cached == null) {
            cached = prefix + code;
            cache[code] = cached;
        }
        return cached;
    }
}
