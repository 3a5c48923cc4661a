package dev.stepup.bank.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster of the test's own, from Debian's server
 * binaries ({@code /usr/lib/postgresql/N/bin}, or {@code BANK_TEST_POSTGRES_BIN}):
 * its own data directory under a temporary directory, its own free port on
 * 127.0.0.1, trust authentication, run as the {@code postgres} user when the
 * test runs as root (the server refuses root). A test may stop it, kill it,
 * restart it or promote it; {@link #close()} stops it and deletes it. The
 * shared server on 5432 is never touched.
 */
public final class PostgresCluster implements AutoCloseable {

	private static final String BIN_VARIABLE = "BANK_TEST_POSTGRES_BIN";

	private final Path bin;

	private final Path home;

	private final Path data;

	private final int port;

	private PostgresCluster(Path bin, Path home, int port) {
		this.bin = bin;
		this.home = home;
		this.data = home.resolve("data");
		this.port = port;
	}

	/** A new primary, started, ready for streaming replicas (wal_level replica, synchronous_commit on). */
	public static PostgresCluster primary() {
		PostgresCluster cluster = new PostgresCluster(requireBin(), newHome(), freePort());
		cluster.run("initdb", "-D", cluster.data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
				"--no-sync");
		cluster.configure("");
		cluster.start();
		return cluster;
	}

	/**
	 * A synchronous standby of {@code primary}, copied by pg_basebackup, streaming
	 * from it and started; the primary then waits for it on every commit.
	 */
	public static PostgresCluster standbyOf(PostgresCluster primary) {
		PostgresCluster standby = new PostgresCluster(primary.bin, newHome(), freePort());
		standby.run("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primary.port), "-U", "postgres", "-D",
				standby.data.toString(), "-R", "-X", "stream", "--no-sync");
		standby.configure("");
		standby.start();
		primary.configure("synchronous_standby_names = '*'\n");
		primary.run("pg_ctl", "-D", primary.data.toString(), "reload");
		return standby;
	}

	public int port() {
		return this.port;
	}

	/** A JDBC URL for this cluster alone. */
	public String url() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres?user=postgres";
	}

	public void start() {
		run("pg_ctl", "-D", this.data.toString(), "-l", this.home.resolve("log").toString(), "-w", "-t", "30",
				"start");
	}

	/** Stops at once, as a crash would: clients lose their connections, nothing is shut down cleanly. */
	public void kill() {
		run("pg_ctl", "-D", this.data.toString(), "-m", "immediate", "-w", "stop");
	}

	/** Makes this standby a primary. */
	public void promote() {
		run("pg_ctl", "-D", this.data.toString(), "-w", "-t", "30", "promote");
	}

	@Override
	public void close() {
		if (Files.exists(this.data.resolve("postmaster.pid"))) {
			runQuietly("pg_ctl", "-D", this.data.toString(), "-m", "immediate", "-w", "stop");
		}
		try (Stream<Path> files = Files.walk(this.home)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind is not worth failing a test for
		}
	}

	/** Whether this machine can run throwaway clusters; skips the calling test with the reason if not. */
	public static void assumeAvailable() {
		requireBin();
	}

	private void configure(String more) {
		String settings = "port = " + this.port + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '"
				+ this.home + "'\nmax_connections = 60\nshared_buffers = 16MB\nwal_level = replica\n"
				+ "max_wal_senders = 4\nsynchronous_commit = on\n"
				// a crash of the process, not of the machine, is what the tests inject: the OS keeps the WAL
				+ "fsync = off\nlog_min_messages = warning\n" + more;
		try {
			Files.writeString(this.data.resolve("postgresql.auto.conf"),
					Files.readString(this.data.resolve("postgresql.auto.conf")) + settings);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void run(String tool, String... args) {
		int exit = runQuietly(tool, args);
		if (exit != 0) {
			throw new IllegalStateException(tool + " failed with " + exit + ": " + log());
		}
	}

	private int runQuietly(String tool, String... args) {
		List<String> command = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			command.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		command.add(this.bin.resolve(tool).toString());
		command.addAll(Arrays.asList(args));
		try {
			Process process = new ProcessBuilder(command).directory(this.home.toFile())
				.redirectErrorStream(true)
				.redirectOutput(this.home.resolve("tool.log").toFile())
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return -1;
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String log() {
		try {
			String tool = Files.readString(this.home.resolve("tool.log"));
			Path server = this.home.resolve("log");
			return tool + (Files.exists(server) ? Files.readString(server) : "");
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	private static Path requireBin() {
		String configured = System.getenv(BIN_VARIABLE);
		Path bin = configured != null ? Path.of(configured) : newestDebianBin();
		Assumptions.assumeTrue(bin != null && Files.isExecutable(bin.resolve("initdb")),
				"no PostgreSQL server binaries (set " + BIN_VARIABLE + " or install postgresql): test skipped");
		return bin;
	}

	private static Path newestDebianBin() {
		try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
			return versions.max(Comparator.comparingInt((version) -> Integer.parseInt(version.getFileName().toString())))
				.map((version) -> version.resolve("bin"))
				.orElse(null);
		}
		catch (IOException | NumberFormatException ex) {
			return null;
		}
	}

	private static Path newHome() {
		try {
			Path home = Files.createTempDirectory("bank-pg-");
			if ("root".equals(System.getProperty("user.name"))) {
				new ProcessBuilder("chown", "postgres:postgres", home.toString()).start().waitFor(10, TimeUnit.SECONDS);
			}
			return home;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
