package org.vigil.gateway.sessions;

import java.util.List;

/**
 * Whether the patient may leave, criterion by criterion (esketamine REMS: at least 2 hours after
 * the dose and until sedation, dissociation and respiratory depression have resolved; ASA:
 * predetermined discharge criteria). The clinician's sign-off is the last step and is not listed.
 */
public record Readiness(boolean met, List<Criterion> criteria) {

    /** One criterion, e.g. {@code observed-minimum}, with what the nurse reads about it. */
    public record Criterion(String id, boolean met, String detail) {
    }

    public static Readiness of(List<Criterion> criteria) {
        return new Readiness(criteria.stream().allMatch(Criterion::met), List.copyOf(criteria));
    }

    /** The criteria not met, for a refusal message. */
    public String unmet() {
        return String.join("; ", criteria.stream().filter(c -> !c.met()).map(c -> c.id() + " (" + c.detail() + ")").toList());
    }
}
