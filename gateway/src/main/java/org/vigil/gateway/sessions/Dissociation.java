package org.vigil.gateway.sessions;

import java.util.Locale;

/** Dissociation as the clinician observes it: absent, or present with its severity. */
public enum Dissociation {
    NONE, MILD, MODERATE, SEVERE;

    public boolean present() {
        return this != NONE;
    }

    public static Dissociation parse(String text) {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
    }
}
