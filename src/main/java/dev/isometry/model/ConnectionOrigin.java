package dev.isometry.model;

import java.util.Locale;

/** Where a connection came from: made by a person, or kept in step with a [[link]] in content. */
public enum ConnectionOrigin {
    MANUAL, LINK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConnectionOrigin parse(String wire) {
        return "link".equals(wire) ? LINK : MANUAL;
    }
}
