package io.lambdaarch.localstack;

import io.lambdaarch.common.error.TerseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before anything starts, so a clash gives one clear line instead of a bind stack trace. */
final class Ports {
    private Ports() {
    }

    /** A port that was free a moment ago on {@code host}. */
    static int free(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host, e);
        }
    }

    /** Returns {@code port}, or a free one when it is 0; fails with a message naming {@code what} and {@code setting}. */
    static int resolve(String host, int port, String what, String setting) {
        if (port == 0) {
            return free(host);
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return port;
        } catch (IOException e) {
            throw new TerseException("Port " + port + " on " + host + " for " + what + " is already in use"
                    + " (is another local stack running?); stop that process or set " + setting + " to another port");
        }
    }
}
