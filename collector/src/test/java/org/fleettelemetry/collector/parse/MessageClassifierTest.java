package org.fleettelemetry.collector.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleettelemetry.schemas.avro.EventKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageClassifierTest {

    private static final String CURL = "CurlQuery::completeWithStatus";
    private static final String HTTP_STATS = "fs::xrssdk::HTTPQueryTask::update_http_stats";
    private static final String WINRPC = "ipc_impl::on_async_complete_ex";
    private static final String DOORMAN = "fs::xrssdk::DoormanCache::update";
    private static final String WAIT = "fs::rs::WinSocket::Impl::waitForConnection";
    private static final String CONNECT = "fs::rs::WinSocket::Impl::connect";
    private static final String DRIVER = "Filter2::ContentFilter2State::ReplyDriverMessage";
    private static final String ORSP = "SecurityCloud::Query";
    private static final String FSSCORE = "FSecure.Ess.Fsscore.Client";
    private static final String SCANNER = "FSecure.AntiVirus.Exchange.Transport.FSMessageScanner";

    @Test
    void shouldReadProxyWhenCurlCouldNotResolveProxy() {
        Classification c = MessageClassifier.classify(
                CURL, "handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: proxy.example.intern");

        assertThat(c.kind()).isEqualTo(EventKind.CONNECTION_FAILURE);
        assertThat(c.errorCode()).isEqualTo("curl:5");
        assertThat(c.curlCode()).isEqualTo(5);
        assertThat(c.lineProxy()).isEqualTo("proxy.example.intern");
        assertThat(c.targetHost()).isNull();
        assertThat(c.role()).isEqualTo(GroupRole.CURL);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "handle 1 failed with 6: Couldn't resolve host: doorman.sc.fsapi.com|6|doorman.sc.fsapi.com|-",
                "handle 1 failed with 6: Could not resolve host: doorman.sc.fsapi.com|6|doorman.sc.fsapi.com|-",
                "handle 1 failed with 6: Couldn't resolve host 'doorman.sc.fsapi.com'|6|doorman.sc.fsapi.com|-",
                "handle 1 failed with 7: Failed to connect to doorman.sc.fsapi.com port 443: Connection refused|7|doorman.sc.fsapi.com|-",
                "handle 1 failed with 7: Couldn't connect to server|7|-|-",
                "handle 1 failed with 28: Operation timed out after 1006 milliseconds with 0 bytes received|28|-|1006",
                "handle 1 failed with 35: schannel: next InitializeSecurityContext failed|35|-|-",
                "handle 1 failed with 56: Failure when receiving data from the peer|56|-|-",
                "handle 1 failed with 60: SSL certificate problem: unable to get local issuer certificate|60|-|-",
            })
    void shouldReadCurlCodeAndDetailsWhenCurlQueryFailed(String message, int code, String host, Long duration) {
        Classification c = MessageClassifier.classify(CURL, message);

        assertThat(c.kind()).isEqualTo(EventKind.CONNECTION_FAILURE);
        assertThat(c.errorCode()).isEqualTo("curl:" + code);
        assertThat(c.curlCode()).isEqualTo(code);
        assertThat(c.targetHost()).isEqualTo(host);
        assertThat(c.durationMs()).isEqualTo(duration);
        assertThat(c.lineProxy()).isNull();
    }

    /**
     * libcurl's own texts for these codes (curl_easy_strerror, old and new spellings) and the detailed texts that name
     * no host: no word of them is a host or a proxy ("Couldn't resolve host name" names none, "name" is not one).
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "5|Couldn't resolve proxy name",
                "5|Could not resolve proxy name",
                "6|Couldn't resolve host name",
                "6|Could not resolve hostname",
                "7|Couldn't connect to server",
                "7|Could not connect to server",
                "28|Timeout was reached",
                "28|Connection timed out after 10001 milliseconds",
                "28|Resolving timed out after 5000 milliseconds",
                "35|SSL connect error",
                "35|schannel: next InitializeSecurityContext failed: SEC_E_UNTRUSTED_ROOT (0x80090325) - The certificate chain was"
                        + " issued by an authority that is not trusted.",
                "56|Failure when receiving data from the peer",
                "56|Recv failure: Connection was reset",
                "60|SSL peer certificate or SSH remote key was not OK",
                "60|Peer certificate cannot be authenticated with given CA certificates",
                "60|SSL certificate problem: self signed certificate in certificate chain",
            })
    void shouldNameNoHostWhenCurlsTextNamesNone(int code, String text) {
        Classification c =
                MessageClassifier.classify(CURL, "handle 0000023C45E27C50 failed with " + code + ": " + text);

        assertThat(c.errorCode()).isEqualTo("curl:" + code);
        assertThat(c.targetHost()).as("host of \"%s\"", text).isNull();
        assertThat(c.lineProxy()).as("proxy of \"%s\"", text).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "5|Couldn't resolve proxy: proxy.example.intern|-|proxy.example.intern",
                "5|Could not resolve proxy: proxy.example.intern|-|proxy.example.intern",
                "5|Couldn't resolve proxy 'proxy.example.intern'|-|proxy.example.intern",
                "5|Could not resolve proxy: proxy|-|proxy",
                "6|Could not resolve host: doorman.sc.fsapi.com|doorman.sc.fsapi.com|-",
                "6|Could not resolve host: name|name|-",
                "7|Failed to connect to doorman.sc.fsapi.com port 443 after 2 ms: Connection refused|doorman.sc.fsapi.com|-",
            })
    void shouldReadTheHostWhenCurlsTextNamesOne(int code, String text, String host, String proxy) {
        Classification c =
                MessageClassifier.classify(CURL, "handle 0000023C45E27C50 failed with " + code + ": " + text);

        assertThat(c.targetHost()).isEqualTo(host);
        assertThat(c.lineProxy()).isEqualTo(proxy);
    }

    @ParameterizedTest
    @CsvSource({
        "'http error 111 (5) for http task 0000023C45E9AC20, time 4 ms', 111, 5, 4, curl:5",
        "'http error 201 (28) for http task 0000023C45E76790, time 1006 ms', 201, 28, 1006, curl:28",
        "'http error 201 (0) for http task 0000023C45E76790, time 1006 ms', 201, 0, 1006, agent:201",
    })
    void shouldReadAgentErrorCurlCodeAndTimeWhenHttpStatsReportsError(
            String message, int agent, int curl, long time, String code) {
        Classification c = MessageClassifier.classify(HTTP_STATS, message);

        assertThat(c.kind()).isEqualTo(EventKind.CONNECTION_FAILURE);
        assertThat(c.agentHttpError()).isEqualTo(agent);
        assertThat(c.curlCode()).isEqualTo(curl);
        assertThat(c.durationMs()).isEqualTo(time);
        assertThat(c.errorCode()).isEqualTo(code);
        assertThat(c.role()).isEqualTo(GroupRole.HTTP_STATS);
    }

    @Test
    void shouldBeOtherWhenHttpStatsReportsNoError() {
        assertThat(MessageClassifier.classify(HTTP_STATS, "http error 0 (0) for http task 1, time 12 ms"))
                .isEqualTo(Classification.OTHER);
    }

    @ParameterizedTest
    @CsvSource({"111", "201"})
    void shouldReadAgentErrorWhenWinrpcCallFailed(int agent) {
        Classification c = MessageClassifier.classify(WINRPC, "winrpc call completed with error " + agent);

        assertThat(c.kind()).isEqualTo(EventKind.CONNECTION_FAILURE);
        assertThat(c.agentHttpError()).isEqualTo(agent);
        assertThat(c.errorCode()).isEqualTo("agent:" + agent);
        assertThat(c.role()).isEqualTo(GroupRole.WINRPC);
    }

    @Test
    void shouldBeConnectionOkWhenDoormanFserrIsZero() {
        Classification c = MessageClassifier.classify(DOORMAN, "doorman cooldown is off, ttl: 15, fserr: 0");

        assertThat(c.kind()).isEqualTo(EventKind.CONNECTION_OK);
        assertThat(c.fserr()).isZero();
        assertThat(c.errorCode()).isNull();
        assertThat(c.targetHost()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"101", "218"})
    void shouldBeConnectionFailureWhenDoormanFserrIsNotZero(int fserr) {
        Classification c = MessageClassifier.classify(DOORMAN, "doorman cooldown is on, ttl: 60, fserr: " + fserr);

        assertThat(c.kind()).isEqualTo(EventKind.CONNECTION_FAILURE);
        assertThat(c.fserr()).isEqualTo(fserr);
        assertThat(c.errorCode()).isEqualTo("fserr:" + fserr);
    }

    @Test
    void shouldReadWaitCodeWhenSocketWaitFailed() {
        Classification c = MessageClassifier.classify(WAIT, "wait failed: 258");

        assertThat(c.kind()).isEqualTo(EventKind.CONNECTION_FAILURE);
        assertThat(c.waitCode()).isEqualTo(258);
        assertThat(c.errorCode()).isEqualTo("wait:258");
        assertThat(c.role()).isEqualTo(GroupRole.SOCKET_WAIT);
    }

    @Test
    void shouldReadHostWhenSocketConnectTimedOut() {
        Classification c = MessageClassifier.classify(CONNECT, "connection timeout: doorman.sc.fsapi.com");

        assertThat(c.kind()).isEqualTo(EventKind.CONNECTION_FAILURE);
        assertThat(c.targetHost()).isEqualTo("doorman.sc.fsapi.com");
        assertThat(c.errorCode()).isEqualTo("connect:timeout");
        assertThat(c.role()).isEqualTo(GroupRole.SOCKET_CONNECT);
    }

    @Test
    void shouldBeDriverFailureWhenReplyToDriverFailed() {
        Classification c = MessageClassifier.classify(DRIVER, "failed to reply to message 2222");

        assertThat(c.kind()).isEqualTo(EventKind.DRIVER_FAILURE);
        assertThat(c.errorCode()).isEqualTo("driver:2222");
    }

    @Test
    void shouldReadSha1WhenOrspQueryFailed() {
        Classification c =
                MessageClassifier.classify(ORSP, "ORSP failed for 0dac68816ae7c09efc24d11c27c3274dfd147dee (0, 0)");

        assertThat(c.kind()).isEqualTo(EventKind.CLOUD_QUERY_FAILURE);
        assertThat(c.errorCode()).isEqualTo("orsp:failed");
        assertThat(c.objectSha1()).isEqualTo("0dac68816ae7c09efc24d11c27c3274dfd147dee");
    }

    @Test
    void shouldBeSuppressedFailureWhenOrspFailuresAreNoLongerLogged() {
        Classification c = MessageClassifier.classify(
                ORSP, "Too many consecutive ORSP failures, further failure logs are suppressed");

        assertThat(c.kind()).isEqualTo(EventKind.CLOUD_QUERY_FAILURE);
        assertThat(c.errorCode()).isEqualTo("orsp:suppressed");
    }

    @Test
    void shouldBeLatencySampleWhenOrspQueryTookTime() {
        Classification c = MessageClassifier.classify(ORSP, "ORSP query took 3016 ms");

        assertThat(c.kind()).isEqualTo(EventKind.CLOUD_QUERY_LATENCY);
        assertThat(c.durationMs()).isEqualTo(3016L);
        assertThat(c.errorCode()).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "FSSCORE query for URL('http://schemas.microsoft.com/office/2004/12/xxxx') failed. Error = Timeout|fsscore:timeout",
                "FSSCORE query for URL('http://schemas.microsoft.com/office/2004/12/xxxx') failed. Error = Connection refused.|fsscore:connection-refused",
                "FSSCORE query for URL('http://schemas.microsoft.com/office/2004/12/xxxx') failed.|fsscore:failed",
                "FSSCORE query for URL('http://schemas.microsoft.com/office/2004/12/xxxx') failed. Error = Timeout (30 s)|fsscore:timeout",
                "FSSCORE query for URL('http://schemas.microsoft.com/office/2004/12/xxxx') failed. Error = a b c d e f g h i j k l m n o p q r s t u|fsscore:failed",
            })
    void shouldReadUrlAndLowerCaseErrorWhenFsscoreQueryFailed(String message, String code) {
        Classification c = MessageClassifier.classify(FSSCORE, message);

        assertThat(c.kind()).isEqualTo(EventKind.CLOUD_QUERY_FAILURE);
        assertThat(c.errorCode()).isEqualTo(code);
        assertThat(c.urls()).containsExactly("http://schemas.microsoft.com/office/2004/12/xxxx");
    }

    @Test
    void shouldExpectUrlListWhenFsscoreGaveNoResponse() {
        Classification c = MessageClassifier.classify(
                SCANNER, "Can't get response from FSSCORE. The following URLs will not be scanned");

        assertThat(c.kind()).isEqualTo(EventKind.SCAN_SKIPPED);
        assertThat(c.errorCode()).isEqualTo("fsscore:no-response");
        assertThat(c.listsUrls()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ipc_impl::stopRpcServer|MSRPC server stopped",
                "fs::Service::run|failed with 5",
                "|failed with 5: Couldn't resolve proxy: x",
                CURL + "|handle 1 failed with x",
                CURL + "|handle 1 failed with 99999999999: overflow",
                CURL + "|handle 1 failed with 0: no error",
                WINRPC + "|winrpc call completed with error 0",
                DOORMAN + "|doorman cooldown is off, ttl: 15",
                WAIT + "|wait succeeded",
                CONNECT + "|connected to doorman.sc.fsapi.com",
                DRIVER + "|replied to message 2222",
                ORSP + "|ORSP query started",
                FSSCORE + "|FSSCORE query for URL('http://a') succeeded",
                SCANNER + "|Message scanned",
            })
    void shouldBeOtherWhenLineIsWellFormedButNotAKnownSignal(String source, String message) {
        assertThat(MessageClassifier.classify(source == null ? "" : source, message))
                .isEqualTo(Classification.OTHER);
    }

    @Test
    void shouldMatchSourceByItsEndingWhenNamespaceIsDeeper() {
        assertThat(MessageClassifier.classify("fs::net::CurlQuery::completeWithStatus", "handle 1 failed with 28: x")
                        .errorCode())
                .isEqualTo("curl:28");
    }

    @Test
    void shouldLeaveHostNullWhenTokenIsTooLongForAHostName() {
        Classification c =
                MessageClassifier.classify(CURL, "handle 1 failed with 6: Couldn't resolve host: " + "x".repeat(300));

        assertThat(c.errorCode()).isEqualTo("curl:6");
        assertThat(c.targetHost()).isNull();
    }

    @Test
    void shouldBeOtherWhenGivenNulls() {
        assertThat(MessageClassifier.classify(null, null)).isEqualTo(Classification.OTHER);
        assertThat(MessageClassifier.classify(CURL, null)).isEqualTo(Classification.OTHER);
    }
}
