package org.homeautomation.backup.agent.s3.internal;

import java.lang.annotation.Annotation;
import java.net.URI;

import org.homeautomation.backup.testsupport.S3ProxyServer;

/**
 * A configuration as Config Admin would hand it to the component, to make settings in tests: the fields start at the
 * metatype's defaults (except part size, path style and the test server's credentials) and tests change them.
 */
final class TestSettings implements S3AgentComponent.Config {
    String id = "s3";
    String name = "";
    String bucket = "backups";
    String prefix = "";
    String region = S3AgentSettings.DEFAULT_REGION;
    String endpoint = "";
    boolean pathStyle = true;
    String accessKey = S3ProxyServer.ACCESS_KEY;
    String secretKey = S3ProxyServer.SECRET_KEY;
    String secretKeyEnv = "";
    String secretKeyFile = "";
    String storageClass = "";
    int partSizeMiB = 5;
    int concurrency = 3;
    int timeoutSeconds = 30;
    int stallTimeoutSeconds = 60;
    int listCacheSeconds = 10;

    static TestSettings forServer(URI endpoint, String bucket) {
        TestSettings s = new TestSettings();
        s.endpoint = endpoint.toString();
        s.bucket = bucket;
        return s;
    }

    S3AgentSettings settings() {
        return S3AgentSettings.from("test", this, name -> null);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public boolean pathStyle() {
        return pathStyle;
    }

    @Override
    public String accessKey() {
        return accessKey;
    }

    @Override
    public String secretKey() {
        return secretKey;
    }

    @Override
    public String secretKeyEnv() {
        return secretKeyEnv;
    }

    @Override
    public String secretKeyFile() {
        return secretKeyFile;
    }

    @Override
    public String storageClass() {
        return storageClass;
    }

    @Override
    public int partSizeMiB() {
        return partSizeMiB;
    }

    @Override
    public int concurrency() {
        return concurrency;
    }

    @Override
    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    @Override
    public int stallTimeoutSeconds() {
        return stallTimeoutSeconds;
    }

    @Override
    public int listCacheSeconds() {
        return listCacheSeconds;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return S3AgentComponent.Config.class;
    }
}
