package org.fleettelemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerConfigsTest {
    private static final Path FILE = Path.of("/tmp/x/fsscorplug.log");

    @Test
    void shouldShipRawLinesDurablyWhenSyslogNgIsRaw() {
        String conf = SyslogNgShip.config("3.38", "127.0.0.1:9092", "t1", FILE, false);

        assertThat(conf)
                .startsWith("@version: 3.38\n")
                .contains("file(\"/tmp/x/fsscorplug.log\" flags(no-parse) follow-freq(1) log-iw-size(10000)")
                .contains("config(\"acks\" => \"all\", \"compression.codec\" => \"lz4\")")
                .contains("message(\"$MESSAGE\")")
                .contains("flags(flow-control)")
                .doesNotContain("regexp-parser");
    }

    /** The pattern goes into a double-quoted syslog-ng string: its backslashes doubled, so PCRE gets ENTRY. */
    @Test
    void shouldGiveSyslogNgTheEntryPatternAndAJsonTemplateWhenParsing() {
        String conf = SyslogNgShip.config("3.38", "127.0.0.1:9092", "t1", FILE, true);

        assertThat(conf)
                .contains("patterns(\"" + PeerRecords.ENTRY.replace("\\", "\\\\") + "\")")
                .contains("patterns(\"^(?<timestamp>\\\\d{4}-")
                .contains("$(format-json timestamp=${.line.timestamp} pid=${.line.pid} tid=${.line.tid}"
                        + " level=${.line.level} source=${.line.source} message=${.line.message})")
                .contains("else { rewrite { set(\"${MESSAGE}\" value(\".line.message\")); }; }")
                .contains("flags(flow-control)");
    }

    @Test
    void shouldNormalizeIntoAJsonTemplateWhenRsyslogdParses(@TempDir Path dir) throws Exception {
        String raw = RsyslogShip.config("127.0.0.1:9092", "t1", FILE, dir, dir, false);
        String parsing = RsyslogShip.config("127.0.0.1:9092", "t1", FILE, dir, dir, true);

        assertThat(raw)
                .contains("string=\"%msg%\"")
                .contains("confParam=[\"acks=all\", \"compression.codec=lz4\"]")
                .doesNotContain("mmnormalize");
        assertThat(parsing)
                .contains("action(type=\"mmnormalize\" ruleBase=\"" + dir.resolve("line.rb") + "\")")
                .contains("option.jsonf=\"on\"")
                .contains("property(outname=\"source\" name=\"$!source\" format=\"jsonf\")")
                .contains("set $!message = $msg;")
                .contains("confParam=[\"acks=all\", \"compression.codec=lz4\"]");
        assertThat(Files.readString(dir.resolve("line.rb"))).isEqualTo(RsyslogShip.RULEBASE);
    }
}
