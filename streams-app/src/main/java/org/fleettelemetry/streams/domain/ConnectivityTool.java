package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The vendor's connectivity tool, per product, with the minimum version the article gives. */
enum ConnectivityTool {
    CLIENT_SECURITY(
            "Client Security (15.20 and later)",
            "C:\\Program Files (x86)\\F-Secure\\Client Security\\ui\\fsconnectionchecker.exe"),
    SERVER_SECURITY(
            "Server Security (15.10 and later)",
            "C:\\Program Files (x86)\\F-Secure\\Server Security\\ui\\fsconnectionchecker.exe"),
    ELEMENTS_EPP("Elements EPP", "C:\\Program Files (x86)\\F-Secure\\PSB\\ui\\fsconnectionchecker.exe");

    private final String label;
    private final String path;

    ConnectivityTool(String label, String path) {
        this.label = label;
        this.path = path;
    }

    /** The tool's path is the step's command, quoted since it has spaces, so that it runs as pasted. */
    Diagnosis.Step step() {
        return new Diagnosis.Step(
                "Test the connection with the vendor's connectivity tool on an affected endpoint: " + label + ":",
                List.of("\"" + path + "\""));
    }

    /** One step per product involved; all three when a product is unknown or none is named. */
    static List<Diagnosis.Step> stepsFor(Collection<String> products) {
        Set<ConnectivityTool> tools = EnumSet.noneOf(ConnectivityTool.class);
        boolean unknown = products.isEmpty();
        for (String product : products) {
            ConnectivityTool tool = forProduct(product);
            if (tool == null) {
                unknown = true;
            } else {
                tools.add(tool);
            }
        }
        if (unknown) {
            tools = EnumSet.allOf(ConnectivityTool.class);
        }
        List<Diagnosis.Step> steps = new ArrayList<>();
        for (ConnectivityTool tool : tools) {
            steps.add(tool.step());
        }
        return steps;
    }

    private static ConnectivityTool forProduct(String product) {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("client security")) {
            return CLIENT_SECURITY;
        }
        if (p.contains("server security")) {
            return SERVER_SECURITY;
        }
        if (p.contains("elements") || p.contains("epp") || p.contains("psb")) {
            return ELEMENTS_EPP;
        }
        return null;
    }
}
