package linkwatch;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j Community (embedded) with only a Bolt connector on 127.0.0.1.
 *
 * <p>Usage: {@code java -Xmx1g -cp ... linkwatch.Neo4jLauncher --data-dir DIR --bolt-port N
 * [--pagecache SIZE]}. The password of the {@code neo4j} user is read from the environment
 * variable {@code LINKWATCH_NEO4J_PASSWORD} (never from the command line) and applied on every
 * start, with no password change required. When the DBMS is available the launcher prints
 * {@code READY bolt://127.0.0.1:N} on stdout and blocks; SIGTERM / Ctrl-C shut it down cleanly.
 *
 * <p>Exit codes: 0 clean shutdown, 2 bad arguments, 1 startup failure.
 */
public final class Neo4jLauncher {

    static final String PASSWORD_ENV = "LINKWATCH_NEO4J_PASSWORD";
    static final String HOST = "127.0.0.1";

    private Neo4jLauncher() {}

    public static void main(String[] args) {
        Path dataDir = null;
        int boltPort = BoltConnector.DEFAULT_PORT;
        String pagecache = "512m";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) {
                usage("missing value for " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--data-dir" -> dataDir = Path.of(value).toAbsolutePath().normalize();
                case "--bolt-port" -> boltPort = parsePort(value);
                case "--pagecache" -> pagecache = value;
                default -> usage("unknown argument " + arg);
            }
        }
        if (dataDir == null) {
            usage("--data-dir is required");
        }
        long pagecacheBytes;
        try {
            pagecacheBytes = ByteUnit.parse(pagecache);
        } catch (RuntimeException e) {
            usage("invalid --pagecache " + pagecache + " (use e.g. 512m, 1g)");
            return;
        }
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.isEmpty()) {
            usage("environment variable " + PASSWORD_ENV + " must hold the neo4j password");
        }

        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        DatabaseManagementService service;
        try {
            Files.createDirectories(dataDir);
            service = new DatabaseManagementServiceBuilder(dataDir)
                    // Bolt only, loopback only, plaintext (never leaves the machine).
                    .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, boltPort))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, boltPort))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    // Bolt's Netty loops are wound down after every database has been checkpointed
                    // and closed; waiting 5 s for each of the two loops (the default) only slows
                    // `stop`. With 1 s, debug.log carries a harmless "Termination of ... event loop
                    // group has exceeded maximum permitted duration" WARN at shutdown.
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    // No anonymous usage reporting to Neo4j Inc. from a police system.
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // LOAD CSV reads only <data-dir>/import (as a server's <home>/import), never the
                    // password file next to it.
                    .setConfig(GraphDatabaseSettings.load_csv_file_url_root, dataDir.resolve("import"))
                    // Memory: heap comes from -Xmx, page cache from --pagecache.
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pagecacheBytes)
                    // Keep the transaction logs small: rotate at 64 MiB, keep only one old file,
                    // and do not preallocate whole log files.
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setUserLogProvider(new Log4jLogProvider(out, Level.INFO))
                    .build();
        } catch (Throwable e) {
            System.err.println("Neo4j failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        final DatabaseManagementService svc = service;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("STOPPING");
            try {
                svc.shutdown();
            } finally {
                out.println("STOPPED");
                stopped.countDown();
            }
        }, "linkwatch-neo4j-shutdown"));

        try {
            GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            waitAvailable(system);
            setPassword(system, password);
            waitAvailable(service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME));
        } catch (Throwable e) {
            System.err.println("Neo4j failed to become available: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }

        out.println("READY bolt://" + HOST + ":" + boltPort);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes the neo4j user's password equal to {@code password}, with no change required. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to the one already set; that is our steady state.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static void waitAvailable(GraphDatabaseService db) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!db.isAvailable(Duration.ofSeconds(1).toMillis())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("database " + db.databaseName() + " did not become available");
            }
        }
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        usage("invalid --bolt-port " + value);
        return -1;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: linkwatch.Neo4jLauncher --data-dir DIR --bolt-port N [--pagecache SIZE]"
                + " (password in $" + PASSWORD_ENV + ")");
        System.exit(2);
    }
}
