package org.fleettelemetry.streams.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.http.BearerAuth;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TokenCommandTest {
    private record Run(int status, String out, String err) {}

    @Test
    void shouldPrintATokenOnceAndConfigLinesThatAuthenticateItWhenCreated() {
        Run run = run("create", "--name", "acme-ops", "--role", "Operator", "--sites", "acme-*,beta");

        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = Arrays.asList(run.out().split("\n"));
        String token = lines.get(1).trim();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(run.out().split(java.util.regex.Pattern.quote(token), -1)).hasSize(2);
        Map<String, String> c = base();
        lines.stream().filter(l -> l.startsWith("api.principal.")).forEach(l -> {
            int eq = l.indexOf('=');
            c.put(l.substring(0, eq), l.substring(eq + 1));
        });
        assertThat(c)
                .containsKeys(
                        "api.principal.acme-ops.token.sha256",
                        "api.principal.acme-ops.role",
                        "api.principal.acme-ops.sites");

        StreamsAppConfig config = StreamsAppConfig.from(c);
        BearerAuth.Result who =
                new BearerAuth(config.apiTokens(), config.apiPrincipals()).authenticate("Bearer " + token);

        assertThat(who.principal()).isEqualTo(new Principal("acme-ops", Role.OPERATOR, SiteScope.parse("acme-*,beta")));
    }

    @Test
    void shouldMakeADifferentTokenEachTime() {
        String first = run("create", "--name", "a", "--role", "viewer").out().split("\n")[1];
        String second = run("create", "--name", "a", "--role", "viewer").out().split("\n")[1];

        assertThat(first).isNotEqualTo(second);
        assertThat(run("create", "--name", "a", "--role", "viewer").out()).contains("api.principal.a.sites=*");
    }

    @Test
    void shouldExitNonZeroWithAClearErrorWhenTheRoleOrNameIsBad() {
        Run badRole = run("create", "--name", "alice", "--role", "root");
        Run badName = run("create", "--name", "alice.smith", "--role", "viewer");
        Run noRole = run("create", "--name", "alice");

        assertThat(badRole.status()).isNotZero();
        assertThat(badRole.err()).contains("--role 'root' is invalid: must be viewer, operator or admin");
        assertThat(badRole.out()).isEmpty();
        assertThat(badName.status()).isNotZero();
        assertThat(badName.err()).contains("a principal's name is").contains("'alice.smith'");
        assertThat(badName.out()).isEmpty();
        assertThat(noRole.status()).isNotZero();
        assertThat(noRole.err()).contains("--role");
    }

    @Test
    void shouldBeASubcommandOfTheApp() {
        CommandLine app = new CommandLine(new org.fleettelemetry.streams.StreamsAppMain());

        assertThat(app.getSubcommands()).containsKey("token");
        assertThat(app.getSubcommands().get("token").getSubcommands()).containsKey("create");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TokenCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static Map<String, String> base() {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        c.put("schema.registry.url", "http://127.0.0.1:8081");
        return c;
    }
}
