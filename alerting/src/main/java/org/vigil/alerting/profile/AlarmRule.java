package org.vigil.alerting.profile;

import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;

/** One alarm rule of a profile. Each bed has at most one open alarm per rule. */
public sealed interface AlarmRule permits LimitRule, DeviceRule, BpDueRule, DataStaleRule, News2Rule {

    String id();

    String name();

    Priority priority();

    boolean latching();

    Category category();

    static String requireId(String id) {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("id must be lower-case letters, digits and '-', got " + id);
        }
        return id;
    }
}
