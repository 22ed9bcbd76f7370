package org.fleettelemetry.collector.parse;

import java.util.Locale;
import org.fleettelemetry.schemas.avro.LogFile;

/** Maps an agent log's file name to the {@link LogFile} it is. */
public final class LogFiles {

    private LogFiles() {}

    /**
     * Case-insensitive; accepts a path (either separator) and rotated or decorated names such as
     * {@code fsscorplug.log.1}, {@code fsscorplug_2021.log} or {@code fsscorplug-old.log}: the stem before
     * the first '.', '_' or '-' names the log. A name without ".log" in it, or an unknown stem, is
     * {@link LogFile#OTHER}.
     */
    public static LogFile fromFileName(String fileName) {
        if (fileName == null) {
            return LogFile.OTHER;
        }
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        String name = fileName.substring(slash + 1).toLowerCase(Locale.ROOT);
        if (!name.contains(".log")) {
            return LogFile.OTHER;
        }
        int stemEnd = name.length();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '_' || c == '-') {
                stemEnd = i;
                break;
            }
        }
        switch (name.substring(0, stemEnd)) {
            case "fsscorplug":
                return LogFile.FSSCORPLUG;
            case "spplug":
                return LogFile.SPPLUG;
            case "ccfpluginstate":
                return LogFile.CCF_PLUGIN_STATE;
            case "deepguard":
                return LogFile.DEEPGUARD;
            case "transportagent":
                return LogFile.TRANSPORT_AGENT;
            default:
                return LogFile.OTHER;
        }
    }
}
