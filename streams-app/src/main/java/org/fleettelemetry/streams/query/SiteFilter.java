package org.fleettelemetry.streams.query;

/**
 * The sites a caller may see, as the query layer applies it: a site outside answers as if it did not exist. The HTTP
 * layer's principal scope is one; {@link #ALL} lets everything through.
 */
public interface SiteFilter {
    SiteFilter ALL = new SiteFilter() {
        @Override
        public boolean allows(String site) {
            return true;
        }

        @Override
        public boolean all() {
            return true;
        }

        @Override
        public String toString() {
            return "*";
        }
    };

    boolean allows(String site);

    /** Whether every site is allowed (nothing needs filtering). */
    boolean all();
}
