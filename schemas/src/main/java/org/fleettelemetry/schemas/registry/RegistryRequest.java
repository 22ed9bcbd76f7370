package org.fleettelemetry.schemas.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One REST call to the registry plus what it is about (operation, subject, id, version), so that
 * every error message can say what was being done to which subject or id.
 */
record RegistryRequest(
        String method, String path, String body, String operation, String subject, Integer schemaId, String version) {

    static RegistryRequest get(String path, String operation) {
        return new RegistryRequest("GET", path, null, operation, null, null, null);
    }

    RegistryRequest withBody(String method, String json) {
        return new RegistryRequest(method, path, json, operation, subject, schemaId, version);
    }

    RegistryRequest aboutSubject(String subjectName) {
        return new RegistryRequest(method, path, body, operation, subjectName, schemaId, version);
    }

    RegistryRequest aboutId(int id) {
        return new RegistryRequest(method, path, body, operation, subject, id, version);
    }

    RegistryRequest aboutVersion(String versionName) {
        return new RegistryRequest(method, path, body, operation, subject, schemaId, versionName);
    }

    /** e.g. "register schema for subject 'fleet.endpoint-events.v1-value'" or "get schema id 7". */
    String describe() {
        StringBuilder text = new StringBuilder(operation);
        if (schemaId != null) {
            text.append(" id ").append(schemaId);
        }
        if (version != null) {
            text.append(" version ").append(version);
        }
        if (subject != null) {
            text.append(" for subject '").append(subject).append('\'');
        }
        return text.toString();
    }

    /** Encodes one path segment: URLEncoder targets forms, so its '+' for space is fixed up. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
