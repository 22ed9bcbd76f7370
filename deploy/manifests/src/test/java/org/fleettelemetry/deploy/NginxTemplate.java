package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's nginx template (compose/config/secure/registry-nginx.conf.template), read for what it guards: one TLS
 * listener; every location but the probe's behind basic auth with every user, writes behind admin's file only.
 */
final class NginxTemplate {
    private static final Pattern LISTEN = Pattern.compile("(?m)^\\s*listen\\s+([^;]+);");
    private static final Pattern LOCATION = Pattern.compile("location\\s+(=\\s+)?(\\S+)\\s*\\{");
    static final String PROBE = "/healthz";

    private NginxTemplate() {}

    /** The one port nginx listens on, which must be a TLS one. */
    static int tlsPort(String template) {
        Matcher m = LISTEN.matcher(withoutComments(template));
        List<String> listens = new ArrayList<>();
        while (m.find()) {
            listens.add(m.group(1).trim());
        }
        assertThat(listens).as("nginx listens once").hasSize(1);
        String[] words = listens.get(0).split("\\s+");
        assertThat(words).as("listen %s", listens.get(0)).contains("ssl");
        return Integer.parseInt(words[0]);
    }

    static void assertGuards(String template) {
        String text = withoutComments(template);
        assertThat(text).contains("ssl_certificate ", "ssl_certificate_key ");
        Map<String, String> locations = locations(text);
        assertThat(locations).as("nginx locations").containsKeys("/", PROBE);
        locations.forEach((path, body) -> {
            String outside = body.replaceAll("(?s)limit_except[^{]*\\{[^}]*}", "");
            if (path.equals(PROBE)) {
                // no password, GET only, and the registry's answer without its body
                assertThat(outside).contains("auth_basic off;", "proxy_method HEAD;");
                assertThat(limitExcept(body)).isEqualTo("GET").as("probe");
                assertThat(body).contains("deny all;");
                return;
            }
            assertThat(outside)
                    .as("location %s: every user, basic auth", path)
                    .contains("auth_basic_user_file /etc/nginx/registry/users.htpasswd;")
                    .doesNotContain("auth_basic off");
            assertThat(limitExcept(body))
                    .as("location %s: GET (and HEAD) for every user", path)
                    .isEqualTo("GET");
            String inside = body.replaceAll("(?s).*limit_except[^{]*\\{([^}]*)}.*", "$1");
            assertThat(inside)
                    .as("location %s: any other method needs admin", path)
                    .contains("auth_basic_user_file /etc/nginx/registry/admin.htpasswd;")
                    .doesNotContain("users.htpasswd");
            assertThat(outside).contains("proxy_pass http://${REGISTRY_UPSTREAM}");
        });
    }

    private static String limitExcept(String body) {
        Matcher m = Pattern.compile("limit_except\\s+([^{]+)\\{").matcher(body);
        assertThat(m.find()).as("a limit_except block in %s", body).isTrue();
        String methods = m.group(1).trim();
        assertThat(m.find()).as("one limit_except block").isFalse();
        return methods;
    }

    /** Each location's body, by path (nested braces: the limit_except block). */
    private static Map<String, String> locations(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = LOCATION.matcher(text);
        while (m.find()) {
            int depth = 1;
            int i = m.end();
            while (depth > 0) {
                char c = text.charAt(i++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            out.put(m.group(2), text.substring(m.end(), i - 1));
        }
        return out;
    }

    private static String withoutComments(String template) {
        return template.replaceAll("(?m)#.*$", "");
    }
}
