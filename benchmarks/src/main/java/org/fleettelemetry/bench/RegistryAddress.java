package org.fleettelemetry.bench;

import java.net.URI;

/**
 * One Apicurio server, two APIs: our serde speaks the Confluent-compatible one, Apicurio's own serde
 * the native v3 one. Accepts the server's base URL or either API's URL.
 */
public record RegistryAddress(String base) {
    public static final String CCOMPAT = "/apis/ccompat/v7";
    public static final String NATIVE_V3 = "/apis/registry/v3";

    public static RegistryAddress of(String url) {
        URI uri = URI.create(url.trim());
        return new RegistryAddress(uri.getScheme() + "://" + uri.getAuthority());
    }

    public String ccompat() {
        return base + CCOMPAT;
    }

    public String nativeV3() {
        return base + NATIVE_V3;
    }
}
