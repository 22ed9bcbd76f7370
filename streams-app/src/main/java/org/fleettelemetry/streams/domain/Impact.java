package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The rows of the article's impact table ("what breaks while the cloud is unreachable"), word for word. */
public final class Impact {
    public static final String DEEPGUARD =
            "DeepGuard: big performance loss in third-party applications; unsigned files are not excluded";
    public static final String APPLICATION_CONTROL =
            "Application control: rules on prevalence and reputation do not work; partly not operational";
    public static final String FILE_SCANNING = "File scanning: unsigned files are not excluded; slower file access";
    public static final String BROWSING_PROTECTION = "Browsing protection: does not work at all";
    public static final String WEB_TRAFFIC_SCANNING =
            "Web traffic scanning: every response of every intercepted URL is scanned: big browsing slowdowns";
    public static final String EMAIL_URL_SCANNING = "Email URL scanning (transportAgent): URLs in mail are not scanned";
    public static final String UNKNOWN =
            "Unknown: the error code is not classified; the logs tell which feature failed";
    public static final String NO_TELEMETRY =
            "Unknown: the endpoints do not report, so their protection state cannot be seen";

    private Impact() {}

    /**
     * The impacted features: every cloud feature for network classes (email URL scanning only when a mail or server
     * product is among the affected ones), reputation features for CLOUD_LOOKUP, one feature for the narrow classes.
     */
    public static List<String> of(ErrorClass errorClass, Collection<String> products) {
        List<String> rows = new ArrayList<>();
        if (errorClass.network()) {
            rows.add(DEEPGUARD);
            rows.add(APPLICATION_CONTROL);
            rows.add(FILE_SCANNING);
            rows.add(BROWSING_PROTECTION);
            rows.add(WEB_TRAFFIC_SCANNING);
            if (mailProductAmong(products)) {
                rows.add(EMAIL_URL_SCANNING);
            }
            return List.copyOf(rows);
        }
        return switch (errorClass) {
            case CLOUD_LOOKUP -> List.of(DEEPGUARD, APPLICATION_CONTROL, FILE_SCANNING);
            case CONTENT_FILTER -> List.of(WEB_TRAFFIC_SCANNING);
            case MAIL_URL_SCAN -> List.of(EMAIL_URL_SCANNING);
            case SILENT -> List.of(NO_TELEMETRY);
            default -> List.of(UNKNOWN);
        };
    }

    /** transportAgent runs with the email and server security products only. */
    static boolean mailProductAmong(Collection<String> products) {
        for (String product : products) {
            String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
            if (p.contains("server") || p.contains("mail") || p.contains("exchange")) {
                return true;
            }
        }
        return false;
    }
}
