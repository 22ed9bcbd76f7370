package org.fleettelemetry.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.fleettelemetry.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be read goes, bytes untouched, to the dead-letter topic with the reason in
 * headers, and the app keeps running. A failure that is not the record's fault (the registry is
 * unreachable: a {@link RetriableException}) must not send good records there: the task fails and
 * the thread is replaced, reading the record again later.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {
    public static final String CONFIG_TOPIC = "fleet.dead.letter.topic";
    public static final String HEADER_REASON = "dlq.reason";
    public static final String HEADER_EXCEPTION = "dlq.exception";
    public static final String HEADER_TOPIC = "dlq.topic";
    public static final String HEADER_PARTITION = "dlq.partition";
    public static final String HEADER_OFFSET = "dlq.offset";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String topic = Topics.DEAD_LETTER;

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(CONFIG_TOPIC);
        if (configured != null && !configured.toString().isBlank()) {
            topic = configured.toString();
        }
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (isRetriable(exception)) {
            log.warn(
                    "cannot read {}-{}@{} for now ({}); failing the task to retry",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    exception.getMessage());
            return Response.fail();
        }
        log.warn(
                "record {}-{}@{} is unreadable, sent to {}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                topic,
                exception.getMessage());
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(HEADER_REASON, utf8(String.valueOf(exception.getMessage())));
        headers.add(HEADER_EXCEPTION, utf8(exception.getClass().getName()));
        headers.add(HEADER_TOPIC, utf8(record.topic()));
        headers.add(HEADER_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(HEADER_OFFSET, utf8(Long.toString(record.offset())));
        return Response.resume(
                List.of(new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value(), headers)));
    }

    private static boolean isRetriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
