package org.vigil.drivers.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The device side of a network serial server: a real listening socket the driver connects to. */
final class DevicePeer implements AutoCloseable {

    /** How long a test waits for the driver to connect or to send a line. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private final ServerSocket server;
    private Socket device;
    private BufferedReader fromHost;
    private OutputStream toHost;

    private DevicePeer(ServerSocket server) throws IOException {
        this.server = server;
        server.setSoTimeout((int) WAIT.toMillis());
    }

    static DevicePeer listening() throws IOException {
        return new DevicePeer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    static DevicePeer listeningOn(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new DevicePeer(server);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits (bounded by {@link #WAIT}) for the driver's next connection. */
    DevicePeer acceptHost() throws IOException {
        device = server.accept();
        device.setSoTimeout((int) WAIT.toMillis());
        fromHost = new BufferedReader(new InputStreamReader(device.getInputStream(), StandardCharsets.US_ASCII));
        toHost = device.getOutputStream();
        return this;
    }

    String readLineFromHost() throws IOException {
        return fromHost.readLine();
    }

    void send(String... lines) throws IOException {
        for (String line : lines) {
            toHost.write(LineProtocol.line(line));
        }
        toHost.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        toHost.write(bytes);
        toHost.flush();
    }

    void hangUp() throws IOException {
        device.close();
    }

    @Override
    public void close() throws IOException {
        if (device != null) {
            device.close();
        }
        server.close();
    }
}
