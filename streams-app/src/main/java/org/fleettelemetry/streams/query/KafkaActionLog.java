package org.fleettelemetry.streams.query;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.schemas.avro.AlertAction;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each action synchronously with acks=all (idempotent, no batching wait) and gives up after {@link
 * #DELIVERY_TIMEOUT}: the REST call answers only once Kafka acknowledged the record, else 503 with Retry-After.
 */
public final class KafkaActionLog implements ActionLog {
    private static final Logger log = LoggerFactory.getLogger(KafkaActionLog.class);
    public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final Producer<String, AlertAction> producer;
    private final String topic;

    KafkaActionLog(Producer<String, AlertAction> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * @param clientProperties the app's Kafka client settings (bootstrap, security), of which the producer's are taken
     * @param serdeConfig the registry settings
     */
    public static KafkaActionLog create(Properties clientProperties, Map<String, ?> serdeConfig, String topic) {
        Map<String, Object> p = new HashMap<>();
        clientProperties.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k.toString())) {
                p.put(k.toString(), v);
            }
        });
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis() / 2);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, DELIVERY_TIMEOUT.toMillis() / 2);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "fleet-actions-" + Long.toHexString(System.nanoTime()));
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        AvroSerializer<AlertAction> values = new AvroSerializer<>();
        values.configure(serdeConfig, false);
        return new KafkaActionLog(new KafkaProducer<>(p, new StringSerializer(), values), topic);
    }

    @Override
    public void append(AlertAction action) {
        try {
            producer.send(new ProducerRecord<>(topic, null, action.getAt().toEpochMilli(), action.getSubject(), action))
                    .get(DELIVERY_TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(action, e);
        } catch (ExecutionException e) {
            throw refused(action, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw refused(action, e);
        }
    }

    private static UnavailableException refused(AlertAction action, Throwable cause) {
        log.warn("action {} {} not recorded: {}", action.getKind(), action.getSubject(), String.valueOf(cause));
        return new UnavailableException(
                "the action was not recorded: Kafka did not acknowledge it ("
                        + cause.getClass().getSimpleName() + "); nothing was changed, retry",
                RETRY_AFTER);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
