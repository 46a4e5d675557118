package org.vigil.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Quality flags a device attaches to a reading, kept as a bit set so that a reading stays cheap.
 * A reading with no flags is valid. {@link #isUsable()} tells whether the value may be charted
 * and alarmed on: sensor off, searching, artifact and invalid make it unusable, while low
 * perfusion or a questionable signal only qualify it.
 */
public record Quality(int bits) {

    public enum Flag {
        SENSOR_OFF(true),
        SEARCHING(true),
        ARTIFACT(true),
        INVALID(true),
        LOW_PERFUSION(false),
        SIGNAL_POOR(false),
        INTERFERENCE(false),
        QUESTIONABLE(false),
        EARLY_ESTIMATE(false),
        CALIBRATING(true),
        DEMO(false),
        FROM_STORAGE(false);

        private final boolean unusable;

        Flag(boolean unusable) {
            this.unusable = unusable;
        }

        public boolean makesUnusable() { return unusable; }

        int mask() { return 1 << ordinal(); }
    }

    public static final Quality VALID = new Quality(0);

    private static final int UNUSABLE_MASK;

    static {
        int mask = 0;
        for (Flag flag : Flag.values()) {
            if (flag.unusable) mask |= flag.mask();
        }
        UNUSABLE_MASK = mask;
    }

    public static Quality of(Flag... flags) {
        int bits = 0;
        for (Flag flag : flags) bits |= flag.mask();
        return new Quality(bits);
    }

    public Quality with(Flag flag) {
        return new Quality(bits | flag.mask());
    }

    public boolean has(Flag flag) {
        return (bits & flag.mask()) != 0;
    }

    public boolean isValid() {
        return bits == 0;
    }

    public boolean isUsable() {
        return (bits & UNUSABLE_MASK) == 0;
    }

    public Set<Flag> flags() {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        for (Flag flag : Flag.values()) {
            if (has(flag)) set.add(flag);
        }
        return set;
    }

    /** "valid", or the flags in lower case joined by commas, e.g. "sensor_off,artifact". */
    @Override
    public String toString() {
        if (bits == 0) return "valid";
        StringBuilder text = new StringBuilder();
        for (Flag flag : flags()) {
            if (text.length() > 0) text.append(',');
            text.append(flag.name().toLowerCase());
        }
        return text.toString();
    }
}
