package org.vigil.bench.load;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * A ward at 1 Hz: every bed publishes SpO2 and pulse once a second, beds spread evenly over the
 * second in 10 ms slots, and a blood pressure every five minutes (staggered between beds).
 * Bounded by its duration; if publishing falls behind the schedule, the lag is reported.
 */
final class PacedLoad {

    /** SpO2 of a bed at a moment of the run; the alarm scenario steps it below a limit. */
    @FunctionalInterface
    interface Patient {
        double spo2(int bed, long elapsedMillis);
    }

    /** Told of every reading as it is published (a BP panel counts three). */
    @FunctionalInterface
    interface Sent {
        void reading(int bed, String vital, double value, Instant time);
    }

    static final Patient RESTING = (bed, elapsed) -> 96 + (bed + elapsed / 1000) % 3;

    private static final long SLOT_MILLIS = 10;
    private static final int SLOTS_PER_SECOND = 100;
    private static final int BP_INTERVAL_SECONDS = 300;

    private final Publisher publisher;
    private final int beds;

    private long maxLagMillis;

    PacedLoad(Publisher publisher, int beds) {
        this.publisher = publisher;
        this.beds = beds;
    }

    /** Publishes for {@code seconds}; returns when the last slot has been published. */
    void run(int seconds, Patient patient, Sent sent) throws MqttException {
        long start = System.nanoTime();
        for (long slot = 0; slot < (long) seconds * SLOTS_PER_SECOND; slot++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos(slot * SLOT_MILLIS);
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            else maxLagMillis = Math.max(maxLagMillis, TimeUnit.NANOSECONDS.toMillis(-wait));
            long second = slot / SLOTS_PER_SECOND;
            long elapsed = slot * SLOT_MILLIS;
            for (int bed = (int) (slot % SLOTS_PER_SECOND) + 1; bed <= beds; bed += SLOTS_PER_SECOND) {
                String topic = Publisher.topicOf(bed);
                double spo2 = patient.spo2(bed, elapsed);
                double pulse = 68 + (bed + second) % 9;
                Instant now = Instant.now();
                publisher.publish(topic, Publisher.reading("SPO2", spo2, "%", now));
                sent.reading(bed, "SPO2", spo2, now);
                now = Instant.now();
                publisher.publish(topic, Publisher.reading("PULSE_RATE", pulse, "/min", now));
                sent.reading(bed, "PULSE_RATE", pulse, now);
                if ((second + bed * 7L) % BP_INTERVAL_SECONDS == 0) {
                    now = Instant.now();
                    publisher.publish(topic, Publisher.bloodPressure(122, 78, 93, now));
                    sent.reading(bed, "BP_SYS", 122, now);
                    sent.reading(bed, "BP_DIA", 78, now);
                    sent.reading(bed, "BP_MEAN", 93, now);
                }
            }
        }
    }

    /** How far behind its schedule the publisher fell at worst. */
    long maxLagMillis() {
        return maxLagMillis;
    }
}
