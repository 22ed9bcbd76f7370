package org.fleettelemetry.streams.http.auth;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fleettelemetry.streams.config.ApiPrincipal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streams-app token}: the principals' tokens. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        subcommands = TokenCommand.Create.class,
        description = "Create query API tokens for named principals (api.principal.*).")
public final class TokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /**
     * {@code token create --name N --role R [--sites G]}: a new random token (32 bytes from {@link SecureRandom}, URL-safe
     * base64 without padding), printed once, and the three config lines that name its principal with the token's
     * SHA-256. The token itself is kept nowhere: lost, it is replaced by a new one.
     */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Print a new random token once, and the api.principal.* lines to add to the config.")
    public static final class Create implements Callable<Integer> {
        private static final SecureRandom RANDOM = new SecureRandom();

        @Option(names = "--name", required = true, description = "The principal's name (letters, digits, - and _)")
        String name;

        @Option(names = "--role", required = true, description = "viewer, operator or admin")
        String role;

        @Option(
                names = "--sites",
                defaultValue = "*",
                description = "Comma list of site globs it may see (* any characters, ? one); default *")
        String sites;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            String problem = ApiPrincipal.nameProblem(name);
            if (problem == null && ApiPrincipal.roleProblem(role) != null) {
                problem = "--role '" + role + "' is invalid: " + ApiPrincipal.roleProblem(role);
            }
            SiteScope scope = null;
            if (problem == null) {
                try {
                    scope = SiteScope.parse(sites);
                } catch (IllegalArgumentException e) {
                    problem = "--sites must list at least one site glob";
                }
            }
            if (problem != null) {
                err.println(problem);
                err.flush();
                return 2;
            }
            String token = newToken();
            String r = role.trim().toLowerCase(Locale.ROOT);
            String key = ApiPrincipal.PREFIX + name;
            PrintWriter out = spec.commandLine().getOut();
            out.println("token (shown once, give it to " + name + "; it is not stored anywhere):");
            out.println("  " + token);
            out.println();
            out.println("add to the streams-app config of every instance:");
            out.println(key + ".token.sha256=" + ApiPrincipal.sha256Hex(token));
            out.println(key + ".role=" + r);
            out.println(key + ".sites=" + scope);
            out.flush();
            return 0;
        }

        static String newToken() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}
