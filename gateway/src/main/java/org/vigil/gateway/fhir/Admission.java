package org.vigil.gateway.fhir;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Who an occupied bed turned out to hold: entered by staff when the patient is admitted.
 *
 * @param family           family name
 * @param given            given name(s), may be {@code null}
 * @param identifierSystem the system of the hospital's identifier, e.g. the MRN namespace URI
 * @param identifierValue  the MRN or other identifier
 * @param birthDate        may be {@code null}
 */
public record Admission(String family, String given, String identifierSystem, String identifierValue,
                        LocalDate birthDate) {

    public Admission {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(identifierSystem, "identifierSystem");
        Objects.requireNonNull(identifierValue, "identifierValue");
    }
}
