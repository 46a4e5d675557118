package org.vigil.simulators.transport;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device end of a serial line: an existing serial port or pseudo-terminal (e.g. one end of a
 * {@link VirtualSerialPair}) opened with jSerialComm. A pulled cable makes the line silent both
 * ways; the port itself stays open, since closing a pseudo-terminal end would end its pair.
 */
public final class SerialPortTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(SerialPortTransport.class);
    private static final int READ_TIMEOUT_MS = 100;

    private final String path;
    private final int baudRate;
    private SerialPort port;
    private Thread reader;
    private volatile boolean cableConnected = true;
    private volatile boolean closed;

    public SerialPortTransport(String path) {
        this(path, 9600);
    }

    public SerialPortTransport(String path, int baudRate) {
        this.path = path;
        this.baudRate = baudRate;
    }

    @Override
    public synchronized void open(Consumer<byte[]> hostBytes) throws IOException {
        SerialPort serial = SerialPort.getCommPort(path);
        serial.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        serial.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        serial.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_TIMEOUT_MS, 0);
        if (!serial.openPort()) {
            throw new IOException("cannot open serial port " + path + " (error " + serial.getLastErrorCode() + ")");
        }
        port = serial;
        reader = new Thread(() -> readLoop(serial, hostBytes), "serial-device-read");
        reader.setDaemon(true);
        reader.start();
        log.info("device writes to serial port {}", path);
    }

    @Override
    public void write(byte[] bytes) {
        SerialPort serial = port;
        if (serial == null || closed || !cableConnected) {
            return;
        }
        int written = serial.writeBytes(bytes, bytes.length);
        if (written < 0) {
            log.debug("write to {} failed (error {})", path, serial.getLastErrorCode());
        }
    }

    @Override
    public void setCableConnected(boolean connected) {
        if (connected != cableConnected) {
            cableConnected = connected;
            log.info("cable {} on {}", connected ? "plugged back in" : "pulled", path);
        }
    }

    @Override
    public boolean isCableConnected() {
        return cableConnected;
    }

    @Override
    public String describe() {
        return "serial:" + path;
    }

    @Override
    public void close() {
        Thread readerThread;
        SerialPort serial;
        synchronized (this) {
            closed = true;
            readerThread = reader;
            serial = port;
        }
        if (readerThread != null) {
            try {
                readerThread.join(READ_TIMEOUT_MS * 5L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (serial != null) {
            serial.closePort();
        }
    }

    private void readLoop(SerialPort serial, Consumer<byte[]> hostBytes) {
        byte[] buffer = new byte[1024];
        while (!closed) {
            int n = serial.readBytes(buffer, buffer.length);
            if (n < 0) {
                log.warn("serial port {} failed (error {}); no longer reading", path, serial.getLastErrorCode());
                return;
            }
            if (n > 0 && cableConnected) {
                hostBytes.accept(Arrays.copyOf(buffer, n));
            }
        }
    }
}
