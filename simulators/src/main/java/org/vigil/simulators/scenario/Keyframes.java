package org.vigil.simulators.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A piecewise-linear timeline: targets at given scenario times, blended linearly in between and
 * held after the last one.
 */
public final class Keyframes implements Timeline {

    private record Keyframe(Duration time, Targets targets) {
    }

    private final List<Keyframe> frames;

    private Keyframes(List<Keyframe> frames) {
        this.frames = List.copyOf(frames);
    }

    public static Builder startingWith(Targets targets) {
        return new Builder(targets);
    }

    @Override
    public Targets at(Duration scenarioTime) {
        Keyframe previous = frames.get(0);
        for (Keyframe next : frames) {
            if (scenarioTime.compareTo(next.time) < 0) {
                double span = next.time.minus(previous.time).toNanos();
                double fraction = scenarioTime.minus(previous.time).toNanos() / span;
                return previous.targets.blend(next.targets, fraction);
            }
            previous = next;
        }
        return previous.targets;
    }

    public static final class Builder {
        private final List<Keyframe> frames = new ArrayList<>();

        private Builder(Targets start) {
            frames.add(new Keyframe(Duration.ZERO, start));
        }

        /** Reach {@code targets} at {@code time}, blending from the previous keyframe. */
        public Builder at(Duration time, Targets targets) {
            Duration last = frames.get(frames.size() - 1).time;
            if (time.compareTo(last) <= 0) {
                throw new IllegalArgumentException("keyframe at " + time + " is not after " + last);
            }
            frames.add(new Keyframe(time, targets));
            return this;
        }

        /** Keep the previous targets until {@code time}. */
        public Builder holdUntil(Duration time) {
            return at(time, frames.get(frames.size() - 1).targets);
        }

        public Keyframes build() {
            return new Keyframes(frames);
        }
    }
}
