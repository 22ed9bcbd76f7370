package org.fleettelemetry.collector.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The checkpoint file's JSON form; anything not exactly that is rejected as corrupt. */
final class CheckpointJson {

    static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CheckpointJson() {}

    static byte[] encode(Collection<Checkpoint> checkpoints) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        ArrayNode array = root.putArray("checkpoints");
        for (Checkpoint c : checkpoints) {
            ObjectNode node = array.addObject();
            node.put("identity", c.identity().asString());
            node.put("fileKey", c.identity().fileKey());
            node.put("fingerprint", c.identity().fingerprint().hex());
            node.put("fingerprintLength", c.identity().fingerprint().length());
            node.put("path", c.path());
            node.put("offset", c.offset());
            node.put("updatedAt", c.updatedAt().toString());
        }
        return MAPPER.writeValueAsBytes(root);
    }

    /**
     * @throws IOException when the bytes are not JSON
     * @throws IllegalArgumentException when the JSON is not a checkpoint file of this version
     */
    static List<Checkpoint> decode(byte[] bytes) throws IOException {
        JsonNode root = MAPPER.readTree(bytes);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw new IllegalArgumentException("unsupported version " + root.get("version"));
        }
        JsonNode array = root.get("checkpoints");
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("missing array 'checkpoints'");
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (JsonNode node : array) {
            Fingerprint fingerprint = new Fingerprint(text(node, "fingerprint"), integer(node, "fingerprintLength"));
            FileIdentity identity = new FileIdentity(text(node, "identity"), text(node, "fileKey"), fingerprint);
            checkpoints.add(new Checkpoint(
                    identity, text(node, "path"), number(node, "offset"), Instant.parse(text(node, "updatedAt"))));
        }
        return checkpoints;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("checkpoint without text field '" + field + "': " + node);
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("checkpoint without integer '" + field + "': " + node);
        }
        return value.asLong();
    }

    private static int integer(JsonNode node, String field) {
        long value = number(node, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + field + "' out of range: " + node);
        }
        return (int) value;
    }
}
