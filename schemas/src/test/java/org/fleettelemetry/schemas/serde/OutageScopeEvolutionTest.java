package org.fleettelemetry.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.schemas.registry.CompatibilityLevel;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ConnectivityAlert v3 says a proxy outage across sites is PROXY in a new field, {@code outageScope}, and keeps
 * {@code scope} (an enum without a default) to the symbols its readers know: FLEET, the closest meaning for them (many
 * sites, site null, the sites listed). Readers of v1 and v2 decode v3 records; a PROXY symbol added to {@code
 * AlertScope} instead would break them, which the last tests show.
 */
class OutageScopeEvolutionTest {

    private static final String TOPIC = "fleet.connectivity-alerts.v1";
    private static final String SUBJECT = TOPIC + "-value";
    private static final Schema V1 = SchemaHistory.connectivityAlert().get(0);
    private static final Schema V2 = SchemaHistory.connectivityAlert().get(1);
    private static final Schema CURRENT = ConnectivityAlert.getClassSchema();

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();
    private final SchemaRegistryClient client = SchemaRegistryClient.create(
            Map.of(SchemaRegistryClientConfig.URL, registry.url(), SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 1));

    @AfterEach
    void stop() {
        client.close();
        registry.close();
    }

    /** A proxy outage across sites as the streams app writes it. */
    static ConnectivityAlert proxyAlert() {
        return ConnectivityAlert.newBuilder(SampleRecords.alert())
                .setAlertId("proxy:proxy.hub.example:8080:CONNECT_REFUSED:1")
                .setScope(AlertScope.FLEET)
                .setOutageScope(OutageScope.PROXY)
                .setSite(null)
                .setProxy("proxy.hub.example:8080")
                .setErrorClass("CONNECT_REFUSED")
                .setErrorCode("curl:7")
                .setSites(List.of("ber", "hel", "osl"))
                .setCause("Connection refused (curl 7) via proxy proxy.hub.example:8080, at 3 sites that share it")
                .build();
    }

    @Test
    void shouldKeepTheSecondVersionWithoutTheOutageScopeInTheHistory() {
        assertThat(V2.getField("outageScope")).isNull();
        assertThat(V2.getField("remediationSteps")).isNotNull();
        assertThat(CURRENT.getField("outageScope").hasDefaultValue()).isTrue();
        assertThat(CURRENT.getField("scope").schema().getEnumSymbols())
                .as("the scope's symbols are those of the first version: its readers know no others")
                .isEqualTo(V1.getField("scope").schema().getEnumSymbols());
    }

    @Test
    void shouldBeAcceptedAsTheNextVersionWhenTheSubjectIsFull() {
        // FULL = BACKWARD (the app reads what the previous version wrote) and FORWARD (readers on the previous version
        // read what this one writes): what a change the SOC's consumers need not follow must pass
        client.setGlobalCompatibility(CompatibilityLevel.FULL);
        client.register(SUBJECT, V1);
        client.register(SUBJECT, V2);

        assertThat(client.testCompatibility(SUBJECT, CURRENT).compatible()).isTrue();
        client.register(SUBJECT, CURRENT);
        assertThat(client.versions(SUBJECT)).containsExactly(1, 2, 3);
    }

    @Test
    void shouldGiveReadersOfTheEarlierVersionsAProxyOutageAsFleetWithItsProxyAndSites() {
        client.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        client.register(SUBJECT, V2);
        ConnectivityAlert alert = proxyAlert();
        byte[] bytes = new AvroSerializer<Object>(client).serialize(TOPIC, alert);

        for (Schema old : List.of(V1, V2)) {
            GenericRecord read = AvroDeserializer.generic(client, old).deserialize(TOPIC, bytes);
            assertThat(read.getSchema().getField("outageScope")).isNull();
            assertThat(read.get("scope")).hasToString("FLEET");
            assertThat(read.get("site")).isNull();
            assertThat(read.get("proxy")).hasToString("proxy.hub.example:8080");
            assertThat((List<?>) read.get("sites")).map(String::valueOf).containsExactly("ber", "hel", "osl");
            assertThat(read.get("cause")).hasToString(alert.getCause());
        }
    }

    @Test
    void shouldReadAnAlertOfTheSecondVersionWithNoOutageScope() throws IOException {
        ConnectivityAlert alert = ConnectivityAlert.newBuilder(SampleRecords.alert())
                .setOutageScope(OutageScope.SITE)
                .build();
        GenericRecord v2 = SchemaRewrite.rewrite(alert, CURRENT, V2);
        ByteBuffer v2Bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V2).encode(v2);

        ConnectivityAlert read = SchemaHistory.decodeAlert(v2Bytes);

        assertThat(read.getOutageScope()).isNull();
        assertThat(ConnectivityAlert.newBuilder(read)
                        .setOutageScope(OutageScope.SITE)
                        .build())
                .isEqualTo(alert);
        assertThat(SchemaHistory.decodeAlert(proxyAlert().toByteBuffer())).isEqualTo(proxyAlert());
    }

    @Test
    void shouldReadAnOutageScopeItDoesNotKnowAsUnknown() throws IOException {
        // a later version may add a scope: the enum's default turns it into UNKNOWN for this reader, not an error
        Schema later = new Schema.Parser()
                .parse(CURRENT.toString()
                        .replace("\"PROXY\", \"FLEET\"", "\"PROXY\", \"FLEET\", \"REGION\"")
                        .replace("\"PROXY\",\"FLEET\"", "\"PROXY\",\"FLEET\",\"REGION\""));
        assertThat(later.getField("outageScope").schema().getTypes().get(1).getEnumSymbols())
                .contains("REGION");
        GenericRecord record = SchemaRewrite.rewrite(proxyAlert(), CURRENT, later);
        record.put(
                "outageScope",
                new GenericData.EnumSymbol(
                        later.getField("outageScope").schema().getTypes().get(1), "REGION"));

        GenericRecord read = SchemaRewrite.rewrite(record, later, CURRENT);

        assertThat(read.get("outageScope")).hasToString("UNKNOWN");
    }

    @Test
    void shouldBreakReadersOfTheEarlierVersionsWhenTheScopeEnumGetsASymbolInstead() throws IOException {
        // the representation not chosen: PROXY added to AlertScope, which has no default symbol
        Schema withSymbol =
                new Schema.Parser().parse(V2.toString().replace("\"SITE\",\"FLEET\"", "\"SITE\",\"FLEET\",\"PROXY\""));
        assertThat(withSymbol.getField("scope").schema().getEnumSymbols()).contains("PROXY");
        client.setGlobalCompatibility(CompatibilityLevel.FULL);
        client.register(SUBJECT, V2);
        assertThat(client.testCompatibility(SUBJECT, withSymbol).compatible()).isFalse();

        GenericRecord record = SchemaRewrite.rewrite(SampleRecords.alert(), CURRENT, withSymbol);
        record.put(
                "scope", new GenericData.EnumSymbol(withSymbol.getField("scope").schema(), "PROXY"));
        assertThatThrownBy(() -> SchemaRewrite.rewrite(record, withSymbol, V2)).isInstanceOf(AvroTypeException.class);
    }
}
