package org.fleettelemetry.streams.query;

/**
 * One proxy at one site: the site's tracked endpoints that use it, split as {@link SiteView} splits a site's. What an
 * instance contributes to {@link ProxyView}: a proxy's sites may be kept by different instances, so the instance that
 * fans out adds them up.
 */
public record ProxySiteView(String proxy, String site, int endpoints, int active, int failing) {

    /** Unique per (proxy, site): a site's share comes from one instance, its standby copy is the same item. */
    public String key() {
        return proxy + '\u001f' + site;
    }
}
