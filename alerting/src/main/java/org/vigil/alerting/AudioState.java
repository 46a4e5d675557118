package org.vigil.alerting;

import java.time.Duration;
import java.time.Instant;

/**
 * A bed's audio-paused state (IEC 60601-1-8 AUDIO PAUSED: time-limited, shown with a countdown).
 *
 * @param paused    whether audio is paused now
 * @param until     when the pause ends, {@code null} when not paused
 * @param remaining time left of the pause, zero when not paused
 * @param pausedBy  who paused, {@code null} when not paused
 */
public record AudioState(boolean paused, Instant until, Duration remaining, String pausedBy) {

    public static final AudioState NOT_PAUSED = new AudioState(false, null, Duration.ZERO, null);
}
