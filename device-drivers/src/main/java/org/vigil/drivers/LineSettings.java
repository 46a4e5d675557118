package org.vigil.drivers;

/** Serial line settings, e.g. {@code 9600 8N1}. */
public record LineSettings(int baudRate, int dataBits, Parity parity, int stopBits) {

    public enum Parity { NONE, ODD, EVEN }

    public static final LineSettings B9600_8N1 = new LineSettings(9600, 8, Parity.NONE, 1);

    /** Parses the usual short form, e.g. {@code "19200 8O1"}. */
    public static LineSettings parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2 || parts[1].length() != 3) {
            throw new IllegalArgumentException("line settings must look like '9600 8N1', got '" + text + "'");
        }
        int baud = Integer.parseInt(parts[0]);
        int dataBits = Character.digit(parts[1].charAt(0), 10);
        Parity parity = switch (Character.toUpperCase(parts[1].charAt(1))) {
            case 'N' -> Parity.NONE;
            case 'O' -> Parity.ODD;
            case 'E' -> Parity.EVEN;
            default -> throw new IllegalArgumentException("parity must be N, O or E in '" + text + "'");
        };
        int stopBits = Character.digit(parts[1].charAt(2), 10);
        if (baud <= 0 || dataBits < 5 || dataBits > 8 || stopBits < 1 || stopBits > 2) {
            throw new IllegalArgumentException("impossible line settings '" + text + "'");
        }
        return new LineSettings(baud, dataBits, parity, stopBits);
    }

    @Override
    public String toString() {
        return baudRate + " " + dataBits + parity.name().charAt(0) + stopBits;
    }
}
