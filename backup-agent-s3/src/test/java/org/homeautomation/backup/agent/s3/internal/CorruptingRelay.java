package org.homeautomation.backup.agent.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 between an agent and the test S3 server that flips one bit of what the agent sends on
 * each connection, at a given offset of that connection's byte stream: a request body damaged on its way, as a faulty
 * network card, cable or middlebox would. With an offset beyond the few small requests that come first (HEAD,
 * create-multipart-upload), the damage lands inside the body of the first part sent on the connection. Offset -1
 * relays faithfully.
 */
final class CorruptingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final long flipAt;
    private final AtomicInteger flipped = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private CorruptingRelay(ServerSocket listener, int targetPort, long flipAt) {
        this.listener = listener;
        this.targetPort = targetPort;
        this.flipAt = flipAt;
    }

    /**
     * @param targetPort the S3 server's port on 127.0.0.1
     * @param flipAt the offset in each connection's request stream whose byte is damaged; -1 for none
     */
    static CorruptingRelay start(int targetPort, long flipAt) throws IOException {
        CorruptingRelay relay = new CorruptingRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                targetPort, flipAt);
        daemon("relay-accept", relay::acceptLoop).start();
        return relay;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** @return how many bytes were damaged so far */
    int flipped() {
        return flipped.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                daemon("relay-up", () -> pump(client, server, flipAt)).start();
                daemon("relay-down", () -> pump(server, client, -1)).start();
            } catch (IOException e) {
                // Closed: the test is over.
            }
        }
    }

    private void pump(Socket from, Socket to, long flipOffset) {
        byte[] buffer = new byte[64 * 1024];
        long position = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (flipOffset >= position && flipOffset < position + n) {
                    buffer[(int) (flipOffset - position)] ^= 0x20;
                    flipped.incrementAndGet();
                }
                position += n;
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // One side closed the connection; closing both (above) passes that on.
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
