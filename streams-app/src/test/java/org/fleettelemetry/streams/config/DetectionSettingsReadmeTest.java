package org.fleettelemetry.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.fleettelemetry.streams.domain.DetectionSetting;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The detection settings' one table, and everything said to come from it. */
class DetectionSettingsReadmeTest {
    private static final String BEGIN = "<!-- detect-settings:begin";
    private static final String END = "<!-- detect-settings:end -->";

    @Test
    void shouldCarryTheTableInTheReadmeWhenTheTableChanges() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md marks the table").isNotNegative();
        String block = readme.substring(readme.indexOf('\n', begin) + 1, end);
        assertThat(block)
                .as("README.md's detection settings; regenerate with: streams-app config --markdown")
                .isEqualTo(ConfigCommand.markdown());
    }

    @Test
    void shouldListEverySettingWithItsDefaultWhenTheConfigCommandRuns() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new ConfigCommand())
                .setOut(new PrintWriter(out))
                .execute();
        assertThat(exit).isZero();
        for (DetectionSetting<?> s : DetectionParams.SETTINGS) {
            assertThat(out.toString()).contains(s.key() + "=" + s.format(s.defaultValue()) + "\n");
        }
        assertThat(out.toString().lines().filter(l -> l.startsWith("detect.")))
                .hasSize(DetectionParams.SETTINGS.size());
    }

    @Test
    void shouldReadEverySettingUnderItsKeyWhenTheConfigGivesIt() {
        Map<String, String> values = new HashMap<>(
                Map.of("kafka.bootstrap.servers", "127.0.0.1:9092", "schema.registry.url", "http://127.0.0.1:8081"));
        // a value other than the default for each, within its range
        Map<DetectionSetting<?>, Object> given = new HashMap<>();
        for (DetectionSetting<?> s : DetectionParams.SETTINGS) {
            Object v = switch (s.kind()) {
                case DURATION -> ((java.time.Duration) s.defaultValue()).plusSeconds(7);
                case INT -> (Integer) s.defaultValue() + 1;
                case LONG -> (Long) s.defaultValue() + 1;
                case DOUBLE -> ((Double) s.defaultValue()) * 0.9;
            };
            given.put(s, v);
            values.put(s.key(), v instanceof java.time.Duration d ? d.toMillis() + "ms" : String.valueOf(v));
        }
        DetectionParams read = StreamsAppConfig.from(values).topology().detection();
        for (DetectionSetting<?> s : DetectionParams.SETTINGS) {
            assertThat(read.get(s)).as(s.key()).isEqualTo(given.get(s));
        }
    }
}
