package org.fleettelemetry.streams.http;

import java.util.List;

/**
 * The route template a request path falls under ({@code /api/v1/sites/{site}} for {@code /api/v1/sites/hel}), for log
 * lines written before the router matched (a refused token ends the request in a before-handler): a path parameter
 * holds no slash, as in the router.
 */
final class RouteTemplates {
    private RouteTemplates() {}

    /** @param routes as {@link HttpApi#routes()} lists them: {@code "GET /api/v1/sites/{site}"} */
    static String of(String method, String path, List<String> routes) {
        String best = null;
        for (String route : routes) {
            int space = route.indexOf(' ');
            String m = route.substring(0, space);
            String template = route.substring(space + 1);
            if ((m.equals(method) || (method.equals("HEAD") && m.equals("GET"))) && matches(template, path)) {
                // a literal segment beats a parameter: the one with fewer parameters wins
                if (best == null || params(template) < params(best)) {
                    best = template;
                }
            }
        }
        return best == null ? "unrouted" : best;
    }

    static boolean matches(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            boolean param = t[i].startsWith("{") && t[i].endsWith("}");
            if (param ? p[i].isEmpty() : !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    private static int params(String template) {
        return (int) template.chars().filter(c -> c == '{').count();
    }
}
