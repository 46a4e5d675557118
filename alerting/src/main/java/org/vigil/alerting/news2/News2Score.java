package org.vigil.alerting.news2;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A NEWS2 aggregate from the parameters that have a recent value. A missing parameter makes the
 * score incomplete, never 0; since no parameter scores below 0, an incomplete total is still a
 * lower bound, so its triggers are still sound.
 *
 * @param scores  the score of each parameter that has a recent value
 * @param missing the parameters without one
 */
public record News2Score(Map<News2Parameter, Integer> scores, Set<News2Parameter> missing) {

    public News2Score {
        scores = Collections.unmodifiableMap(scores.isEmpty()
                ? new EnumMap<>(News2Parameter.class) : new EnumMap<>(scores));
        missing = Collections.unmodifiableSet(missing.isEmpty()
                ? EnumSet.noneOf(News2Parameter.class) : EnumSet.copyOf(missing));
    }

    public int total() {
        int total = 0;
        for (int score : scores.values()) total += score;
        return total;
    }

    public boolean complete() {
        return missing.isEmpty();
    }

    public boolean anySingleRed() {
        return scores.containsValue(News2.SINGLE_PARAMETER_RED);
    }

    /** Urgent response: aggregate 5 or more, or any single parameter scoring 3. */
    public boolean urgent() {
        return total() >= News2.URGENT_TOTAL || anySingleRed();
    }

    /** Emergency response: aggregate 7 or more. */
    public boolean emergency() {
        return total() >= News2.EMERGENCY_TOTAL;
    }
}
