package org.vigil.drivers.runtime;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import org.vigil.drivers.LineSettings;

/** A local serial port through jSerialComm, read in semi-blocking mode. */
final class SerialTransport implements Transport {

    private static final int WRITE_TIMEOUT_MILLIS = 500;

    private final String path;
    private final LineSettings lineSettings;

    SerialTransport(String path, LineSettings lineSettings) {
        this.path = path;
        this.lineSettings = lineSettings;
    }

    @Override
    public Connection open(int readTimeoutMillis) throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("no serial port " + path, e);
        }
        port.setComPortParameters(lineSettings.baudRate(), lineSettings.dataBits(), stopBits(lineSettings), parity(lineSettings));
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                readTimeoutMillis, WRITE_TIMEOUT_MILLIS);
        if (!port.openPort()) {
            throw new IOException("cannot open serial port " + path + " (error " + port.getLastErrorCode() + ")");
        }
        return new SerialConnection(port);
    }

    @Override
    public String toString() {
        return "serial:" + path + " " + lineSettings;
    }

    static int stopBits(LineSettings settings) {
        return settings.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
    }

    static int parity(LineSettings settings) {
        return switch (settings.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
        };
    }

    private final class SerialConnection implements Connection {
        private final SerialPort port;

        SerialConnection(SerialPort port) {
            this.port = port;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int count = port.readBytes(into, length, offset);
            if (count < 0) {
                throw new IOException("serial port " + path + " read failed (error " + port.getLastErrorCode() + ")");
            }
            return count;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            int written = port.writeBytes(bytes, bytes.length);
            if (written != bytes.length) {
                throw new IOException("serial port " + path + " wrote " + written + " of " + bytes.length + " bytes");
            }
        }

        @Override
        public void close() {
            port.closePort();
        }
    }
}
