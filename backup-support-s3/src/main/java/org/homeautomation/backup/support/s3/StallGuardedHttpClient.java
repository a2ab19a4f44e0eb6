package org.homeautomation.backup.support.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The write timeout the HTTP client lacks: a socket write blocked on a full send buffer (a store that stopped reading,
 * such as a frozen process whose connections stay open) is not ended by the socket's read timeout, nor by an interrupt.
 * This client watches every request body as the HTTP client reads it to send it; a body that has not advanced for the
 * stall timeout gets its request aborted, which closes the connection and so ends the blocked write. The call then
 * fails with a {@link TransferStalledException} that the SDK does not retry. Once a body is sent, waiting for the
 * answer is the read timeout's job.
 */
public final class StallGuardedHttpClient implements SdkHttpClient {
    private static final Logger LOG = LoggerFactory.getLogger(StallGuardedHttpClient.class);

    private final SdkHttpClient delegate;
    private final long stallNanos;
    private final String stallMessage;
    private final Set<GuardedRequest> sending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;

    /**
     * @param stallMessage what a stalled call says: which store, how long, what to check
     */
    public StallGuardedHttpClient(SdkHttpClient delegate, Duration stallTimeout, String threadName,
            String stallMessage) {
        this.delegate = delegate;
        this.stallNanos = stallTimeout.toNanos();
        this.stallMessage = stallMessage;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(100, Math.min(1000, stallTimeout.toMillis() / 5));
        watchdog.scheduleWithFixedDelay(this::abortStalled, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return delegate.prepareRequest(request);
        }
        long length = request.httpRequest().firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(-1L);
        GuardedRequest guarded = new GuardedRequest(length);
        HttpExecuteRequest.Builder counted = HttpExecuteRequest.builder().request(request.httpRequest())
                .contentStreamProvider(() -> guarded.count(request.contentStreamProvider().get().newStream()));
        request.metricCollector().ifPresent(counted::metricCollector);
        guarded.executable = delegate.prepareRequest(counted.build());
        return guarded;
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        delegate.close();
    }

    private void abortStalled() {
        long now = System.nanoTime();
        for (GuardedRequest request : sending) {
            if (!request.bodySent() && now - request.lastProgress > stallNanos && !request.stalled) {
                request.stalled = true;
                LOG.debug("Aborting a request whose body made no progress: {}", stallMessage);
                try {
                    request.abort();
                } catch (RuntimeException e) {
                    LOG.debug("Aborting a stalled request failed", e);
                }
            }
        }
    }

    /** One request with a body, from the call until its answer. */
    private final class GuardedRequest implements ExecutableHttpRequest {
        private final long length;
        private volatile ExecutableHttpRequest executable;
        private volatile long lastProgress = System.nanoTime();
        private volatile long sent;
        private volatile boolean stalled;

        GuardedRequest(long length) {
            this.length = length;
        }

        boolean bodySent() {
            return length >= 0 && sent >= length;
        }

        InputStream count(InputStream body) {
            sent = 0;
            lastProgress = System.nanoTime();
            return new FilterInputStream(body) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    progressed(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int count) throws IOException {
                    int n = super.read(buffer, offset, count);
                    progressed(Math.max(n, 0));
                    return n;
                }
            };
        }

        private void progressed(int bytes) {
            sent += bytes;
            lastProgress = System.nanoTime();
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            lastProgress = System.nanoTime();
            sending.add(this);
            try {
                return executable.call();
            } catch (IOException | RuntimeException e) {
                if (stalled) {
                    throw new TransferStalledException(stallMessage, e);
                }
                throw e;
            } finally {
                sending.remove(this);
            }
        }

        @Override
        public void abort() {
            executable.abort();
        }
    }
}
