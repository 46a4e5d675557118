package org.vigil.drivers.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.vigil.drivers.DeviceEndpoint;

/** A serial device server in raw TCP mode (e.g. a Moxa NPort in "TCP server" mode). */
final class TcpTransport implements Transport {

    private final DeviceEndpoint.Tcp endpoint;
    private final Duration connectTimeout;
    private volatile Socket connecting;

    TcpTransport(DeviceEndpoint.Tcp endpoint, Duration connectTimeout) {
        this.endpoint = endpoint;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public Connection open(int readTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        connecting = socket;
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) connectTimeout.toMillis());
            socket.setSoTimeout(readTimeoutMillis);
            return new TcpConnection(socket);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        } finally {
            connecting = null;
        }
    }

    @Override
    public void abort() {
        Socket socket = connecting;
        if (socket != null) {
            closeQuietly(socket);
        }
    }

    @Override
    public String toString() {
        return endpoint.toString();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed or never connected: nothing to release
        }
    }

    private static final class TcpConnection implements Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        TcpConnection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            try {
                return in.read(into, offset, length);
            } catch (SocketTimeoutException timeout) {
                return 0;
            }
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }
}
