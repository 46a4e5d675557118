package org.vigil.simulators.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serial device server in raw TCP mode: listens on host:port, serves one gateway connection at a
 * time, writes the device's bytes to it and passes what it reads to the device. A newer connection
 * replaces the current one, so a gateway that reconnects after a half-open socket is served. A
 * pulled cable closes the connection and the listening socket, so connections are refused until it
 * is plugged back in on the same port.
 */
public final class TcpServerTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(TcpServerTransport.class);
    private static final int READ_BUFFER = 1024;

    private final String host;
    private volatile int port;
    private Consumer<byte[]> hostBytes = bytes -> { };
    private ServerSocket server;
    private Thread acceptor;
    private Socket client;
    private OutputStream clientOut;
    private boolean cableConnected = true;
    private boolean closed;
    private long connections;

    /** {@code port} 0 picks a free port; {@link #port()} tells which once open. */
    public TcpServerTransport(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.host = host;
        this.port = port;
    }

    @Override
    public synchronized void open(Consumer<byte[]> hostBytes) throws IOException {
        this.hostBytes = hostBytes;
        listen();
    }

    public int port() {
        return port;
    }

    /** Gateway connections accepted so far. */
    public synchronized long connections() {
        return connections;
    }

    public synchronized boolean hasClient() {
        return client != null;
    }

    @Override
    public void write(byte[] bytes) {
        Socket target;
        OutputStream out;
        synchronized (this) {
            target = client;
            out = clientOut;
        }
        if (out == null) {
            return;
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            log.debug("gateway connection {} lost on write: {}", target.getRemoteSocketAddress(), e.toString());
            dropClient(target);
        }
    }

    @Override
    public void setCableConnected(boolean connected) {
        ServerSocket listening;
        Thread accepting;
        synchronized (this) {
            if (connected == cableConnected || closed) {
                return;
            }
            cableConnected = connected;
            listening = server;
            accepting = acceptor;
            if (!connected) {
                server = null;
                acceptor = null;
            }
        }
        if (!connected) {
            // Stop listening before the host sees its connection end, so that a reconnect is refused.
            stopListening(listening, accepting);
            Socket connectedHost;
            synchronized (this) {
                connectedHost = client;
            }
            dropClient(connectedHost);
            log.info("cable pulled on tcp://{}:{}", host, port);
            return;
        }
        try {
            listen();
            log.info("cable plugged back in on tcp://{}:{}", host, port);
        } catch (IOException e) {
            log.warn("cannot listen again on tcp://{}:{}: {}", host, port, e.toString());
        }
    }

    @Override
    public synchronized boolean isCableConnected() {
        return cableConnected;
    }

    @Override
    public String describe() {
        return "tcp://" + host + ":" + port;
    }

    @Override
    public void close() {
        ServerSocket listening;
        Thread accepting;
        synchronized (this) {
            closed = true;
            dropClient(client);
            listening = server;
            accepting = acceptor;
            server = null;
            acceptor = null;
        }
        stopListening(listening, accepting);
    }

    /**
     * Closes the listening socket and waits for its accept thread: the kernel keeps listening until
     * the thread blocked in {@code accept} has left it, and until then connections still succeed.
     */
    private static void stopListening(ServerSocket listening, Thread accepting) {
        closeQuietly(listening);
        if (accepting == null || accepting == Thread.currentThread()) return;
        try {
            accepting.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void listen() throws IOException {
        if (closed || server != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(host, port));
        port = socket.getLocalPort();
        server = socket;
        acceptor = new Thread(() -> acceptLoop(socket), "tcp-device-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket accepted = socket.accept();
                accepted.setTcpNoDelay(true);
                if (!adopt(socket, accepted)) {
                    closeQuietly(accepted);
                }
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    log.debug("accept failed on {}: {}", describe(), e.toString());
                }
            }
        }
    }

    private boolean adopt(ServerSocket from, Socket accepted) throws IOException {
        synchronized (this) {
            if (server != from || closed || !cableConnected) {
                return false;
            }
            dropClient(client);
            client = accepted;
            clientOut = accepted.getOutputStream();
            connections++;
        }
        log.info("gateway connected to {} from {}", describe(), accepted.getRemoteSocketAddress());
        Thread reader = new Thread(() -> readLoop(accepted), "tcp-device-read-" + port);
        reader.setDaemon(true);
        reader.start();
        return true;
    }

    private void readLoop(Socket socket) {
        byte[] buffer = new byte[READ_BUFFER];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    hostBytes.accept(Arrays.copyOf(buffer, n));
                }
            }
        } catch (IOException e) {
            log.debug("gateway connection {} closed: {}", socket.getRemoteSocketAddress(), e.toString());
        } finally {
            dropClient(socket);
        }
    }

    private synchronized void dropClient(Socket socket) {
        if (socket == null) {
            return;
        }
        closeQuietly(socket);
        if (socket == client) {
            client = null;
            clientOut = null;
            log.info("gateway disconnected from {}", describe());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.trace("close failed", e);
        }
    }
}
