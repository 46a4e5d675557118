package org.vigil.drivers.suntech;

/** What the module said in one well-formed frame (SunTech Advantage OEM, module to host). */
public sealed interface SunTechReply {

    /** A length-4 frame: one ASCII status byte. */
    record Status(char code) implements SunTechReply {
        public static final char ACK = 'O';
        public static final char COMPLETE = 'K';
        public static final char BUSY = 'B';
        public static final char ABORTED = 'A';
    }

    /** A length-5 frame: the current cuff pressure, int16 little-endian. */
    record CuffPressure(int mmHg) implements SunTechReply {
    }

    /** A length-0x18 frame: the result of the last measurement; values are meaningless when it failed. */
    record Result(int systolic, int diastolic, int mean, int heartRate, int errorCode) implements SunTechReply {

        public boolean succeeded() {
            return errorCode == 0;
        }
    }
}
