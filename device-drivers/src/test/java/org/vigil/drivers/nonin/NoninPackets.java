package org.vigil.drivers.nonin;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Builds Nonin test packets from the documented layouts. */
final class NoninPackets {

    private NoninPackets() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** A format #7 packet: 25 frames, SYNC in frame 1, HR in frames 1-2, SpO2 in 3, STAT2 in 8. */
    static byte[] format7(int status, int heartRate, int spo2, int stat2) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int frame = 0; frame < 25; frame++) {
            int floatByte = switch (frame) {
                case 0 -> heartRate >> 7 & 0x03;
                case 1 -> heartRate & 0x7F;
                case 2 -> spo2;
                case 7 -> stat2;
                default -> 0;
            };
            int statusByte = 0x80 | status | (frame == 0 ? 0x01 : 0);
            int[] bytes = {statusByte, 0x04, frame * 7, floatByte};
            int sum = 0;
            for (int b : bytes) {
                out.write(b);
                sum += b;
            }
            out.write(sum & 0xFF);
        }
        return out.toByteArray();
    }

    static byte[] format8(int b1Status, int heartRate, int spo2, int b4) {
        return new byte[] {(byte) (0x80 | b1Status | heartRate >> 7 & 0x03), (byte) (heartRate & 0x7F), (byte) spo2, (byte) b4};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }
}
