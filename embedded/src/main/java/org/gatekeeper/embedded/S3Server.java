package org.gatekeeper.embedded;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3-protocol server (s3proxy) on a loopback port, keeping objects in memory. It checks SigV4 signatures
 * against {@link #ACCESS_KEY} and {@link #SECRET_KEY}, so wrong credentials fail as they would on S3. It can be
 * stopped and restarted on the same port with its objects intact, to test an endpoint that goes away.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "gatekeeper-access";
    public static final String SECRET_KEY = "gatekeeper-secret";
    public static final String REGION = "us-east-1";

    private final BlobStore objects = new TransientNio2BlobStore();
    private S3Proxy proxy;
    private int port;

    private S3Server() {
    }

    /** Starts a server on a free loopback port. */
    public static S3Server start() {
        S3Server server = new S3Server();
        server.startOn(0);
        return server;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public void createBucket(String bucket) {
        objects.createContainer(bucket);
    }

    /** Stops serving; requests are refused until {@link #restart()}. Objects are kept. */
    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the S3 server on port " + port, e);
        }
        proxy = null;
    }

    /** Serves again on the same port, with the same objects. */
    public synchronized void restart() {
        stop();
        startOn(port);
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startOn(int requestedPort) {
        S3Proxy started = S3Proxy.builder()
                .blobStore(objects)
                .endpoint(URI.create("http://127.0.0.1:" + requestedPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            started.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(started.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3 server did not start: " + started.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the S3 server on port " + requestedPort, e);
        }
        this.proxy = started;
        this.port = started.getPort();
    }
}
