package org.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerting.Ward.NIBP;
import static org.vigil.alerting.Ward.givenABedWith;
import static org.vigil.model.DeviceEvent.Kind.CUFF_INFLATING;
import static org.vigil.model.VitalSign.PULSE_RATE;
import static org.vigil.model.VitalSign.RESP_RATE;
import static org.vigil.model.VitalSign.SPO2;
import static org.vigil.model.VitalSign.TEMP;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.news2.Consciousness;

/** A whole uneventful ketamine session on the shipped profile must stay quiet. */
class NormalSessionTest {

    private static final long SESSION_SECONDS = Duration.ofMinutes(150).toSeconds();
    /** A cuff inflation long enough to trip SpO2 critical (5 s) were SpO2 not held. */
    private static final int CUFF_SECONDS = 40;

    @Test
    void a_normal_two_and_a_half_hour_session_raises_nothing() {
        // given a bed on kap-adult with the cuff on the oximeter arm, and a seeded "normal" patient
        Ward ward = givenABedWith(KapAdult.profile(), new BedSettings(true));
        Random patient = new Random(20260302);
        Instant dose = Ward.START.plus(Duration.ofMinutes(15));
        ward.bed.setDoseTime(dose, ward.now);
        ward.reading(TEMP, 36.8).bloodPressure(126, 81);

        // when every second brings SpO2, pulse and RR, BP comes on schedule, and the nurse reassesses
        for (long s = 1; s <= SESSION_SECONDS; s++) {
            ward.after(1);
            long sinceDose = Duration.between(dose, ward.now).toSeconds();
            boolean inflating = false;
            for (int i = 0; i < CUFF_SECONDS; i++) inflating |= bpDueAt(sinceDose - i);
            double spo2 = inflating ? 86 : 96 + patient.nextInt(4);
            if (patient.nextInt(600) == 0) spo2 = 91;
            if (bpDueAt(sinceDose)) ward.deviceReports(NIBP, CUFF_INFLATING, true);
            ward.reading(SPO2, spo2)
                    .reading(PULSE_RATE, 62 + patient.nextInt(20))
                    .reading(RESP_RATE, 13 + patient.nextInt(5));
            if (bpDueAt(sinceDose - CUFF_SECONDS)) {
                ward.deviceReports(NIBP, CUFF_INFLATING, false).bloodPressure(150 + patient.nextInt(15), 85);
            }
            if (s % 1800 == 1) ward.bed.assessment(Consciousness.ALERT, false, "nurse.ann", ward.now);
        }

        // then
        assertThat(ward.raised()).isEmpty();
        assertThat(ward.bed.news2(ward.now).total()).isZero();
    }

    /** Clinic protocol: BP at +40 min, then every 15 min to 2 h. */
    private static boolean bpDueAt(long secondsSinceDose) {
        long minutes = secondsSinceDose / 60;
        return secondsSinceDose % 60 == 0 && minutes >= 40 && minutes <= 120 && (minutes - 40) % 15 == 0;
    }
}
