package org.fleettelemetry.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackIT {

    @TempDir
    Path dir;

    @Test
    void shouldStartRefuseSecondStartSurviveBrokerRestartStopAndClean() throws Exception {
        LocalStack stack = LocalStack.create(StackHome.locate(), dir.resolve("stack"), 0, 0);
        try {
            stack.start();
            assertThat(LocalStack.runningIn(stack.dir())).isPresent();

            LocalStack second = LocalStack.create(StackHome.locate(), dir.resolve("stack"), 0, 0);
            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");

            assertThat(get(stack.registry().url() + "/config")).contains("BACKWARD");

            // the registry keeps its schema ids across a restart, as the broker keeps the records naming them
            String idA = register(stack.registry().url(), "local-stack-it-a-value", "A");
            String idB = register(stack.registry().url(), "local-stack-it-b-value", "B");
            stack.registry().stop();
            assertThat(stack.registry().isRunning()).isFalse();
            stack.registry().start();
            assertThat(get(stack.registry().url() + "/schemas/ids/" + idB)).contains("\\\"name\\\":\\\"B\\\"");
            assertThat(get(stack.registry().url() + "/schemas/ids/" + idA)).contains("\\\"name\\\":\\\"A\\\"");
            assertThat(register(stack.registry().url(), "local-stack-it-b-value", "B"))
                    .isEqualTo(idB);
            assertThat(get(stack.registry().url() + "/subjects"))
                    .contains("local-stack-it-a-value", "local-stack-it-b-value");

            String topic = "local-stack-it";
            try (Admin admin =
                    Admin.create(Map.of("bootstrap.servers", stack.broker().bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            produce(stack.broker().bootstrapServers(), topic, "before-restart");
            stack.broker().stop();
            assertThat(stack.broker().isRunning()).isFalse();
            stack.broker().start();
            produce(stack.broker().bootstrapServers(), topic, "after-restart");
            assertThat(consumeAll(stack.broker().bootstrapServers(), topic, 2))
                    .containsExactly("before-restart", "after-restart");
        } finally {
            stack.close();
        }
        assertThat(LocalStack.runningIn(stack.dir())).isEmpty();
        assertThat(stack.broker().isRunning()).isFalse();
        assertThat(stack.registry().isRunning()).isFalse();
        LocalStack.clean(stack.dir());
        assertThat(Files.exists(stack.dir())).isFalse();
    }

    /** Registers a one-field record schema named {@code name} and returns the id the registry gave it. */
    private static String register(String url, String subject, String name) throws Exception {
        String schema = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"" + name
                + "\\\",\\\"fields\\\":[{\\\"name\\\":\\\"f\\\",\\\"type\\\":\\\"int\\\"}]}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url + "/subjects/" + subject + "/versions"))
                                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"" + schema + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        java.util.regex.Matcher id =
                java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(response.body());
        assertThat(id.find()).as(response.body()).isTrue();
        return id.group(1);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static void produce(String bootstrap, String topic, String value) throws Exception {
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "local-stack-it",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }
}
