package dev.stepup.bank.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy between the API and PostgreSQL, on loopback, that a test can
 * break on purpose: {@link #refuse()} (the server is down: every connection is
 * closed at once), {@link #blackhole()} (the network is gone: nothing is
 * forwarded, nothing is closed) and {@link #cutAtNextCommit} (the connection
 * breaks exactly while a transaction commits). To see the commit it reads the
 * client's side of the PostgreSQL wire protocol (v3): messages are a type
 * byte and a length, and a commit arrives as a simple query {@code Q} or as
 * {@code Parse}, {@code Bind} (of that statement, which may be named and
 * reused), {@code Execute}, {@code Sync}. Connections must not use TLS.
 */
public final class PostgresProxy implements AutoCloseable {

	/** When a cut commit dies: before the server sees it, or after the server has it but before the client hears back. */
	public enum CommitCut {
		BEFORE_SERVER_SEES_IT, AFTER_SERVER_HAS_IT
	}

	private enum Mode {
		FORWARD, REFUSE, BLACKHOLE
	}

	private static final int SSL_REQUEST = 80877103;

	private static final int GSS_REQUEST = 80877104;

	private final ServerSocket listener;

	private final InetSocketAddress target;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private volatile Mode mode = Mode.FORWARD;

	private volatile CommitCut armed;

	private volatile boolean downAfterCut;

	private volatile CountDownLatch commitCut = new CountDownLatch(1);

	private PostgresProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "pg-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** A proxy in front of the server of this JDBC URL. */
	public static PostgresProxy inFrontOf(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		try {
			return new PostgresProxy(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The same JDBC URL, through this proxy, without TLS (the proxy must read the protocol). */
	public String url(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		String query = uri.getRawQuery() == null ? "" : uri.getRawQuery() + "&";
		return "jdbc:postgresql://127.0.0.1:" + this.listener.getLocalPort() + uri.getRawPath() + "?" + query
				+ "sslmode=disable&gssEncMode=disable";
	}

	/** The database is down: open connections break, new ones are closed as soon as they arrive. */
	public void refuse() {
		this.mode = Mode.REFUSE;
		closeAll();
	}

	/** The network is gone: open connections go silent, new ones are accepted and never answered. */
	public void blackhole() {
		this.mode = Mode.BLACKHOLE;
	}

	/** The database is back: connections silenced by a blackhole are broken (as a restarted server would), new ones work. */
	public void restore() {
		if (this.mode == Mode.BLACKHOLE) {
			closeAll();
		}
		this.mode = Mode.FORWARD;
	}

	/** Breaks the connection of the next transaction that commits, at the given moment; one cut only. */
	public void cutAtNextCommit(CommitCut when) {
		cutAtNextCommit(when, false);
	}

	/** As {@link #cutAtNextCommit(CommitCut)}, and with {@code thenDown} the server is down from that moment on. */
	public void cutAtNextCommit(CommitCut when, boolean thenDown) {
		this.commitCut = new CountDownLatch(1);
		this.downAfterCut = thenDown;
		this.armed = when;
	}

	/** Whether the armed cut has happened within the given time. */
	public boolean awaitCommitCut(long seconds) throws InterruptedException {
		return this.commitCut.await(seconds, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		try {
			this.listener.close();
		}
		catch (IOException ignored) {
			// closing anyway
		}
		closeAll();
	}

	private void closeAll() {
		for (Link link : this.links) {
			link.close();
		}
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				switch (this.mode) {
					case REFUSE -> client.close();
					case BLACKHOLE -> this.links.add(new Link(client, null));
					case FORWARD -> start(client);
				}
			}
			catch (IOException ex) {
				// listener closed, or one connection failed to open: the others go on
			}
		}
	}

	private void start(Socket client) throws IOException {
		Socket server = new Socket();
		try {
			server.connect(this.target, 2000);
		}
		catch (IOException ex) {
			client.close();
			return;
		}
		Link link = new Link(client, server);
		this.links.add(link);
		daemon(() -> link.clientToServer(), "pg-proxy-c2s");
		daemon(() -> link.serverToClient(), "pg-proxy-s2c");
	}

	private static void daemon(Runnable work, String name) {
		Thread thread = new Thread(work, name);
		thread.setDaemon(true);
		thread.start();
	}

	/** One proxied connection. */
	private final class Link {

		private final Socket client;

		private final Socket server;

		/** Statements prepared under a name whose text is COMMIT: a later Bind of that name commits. */
		private final Set<String> commitStatements = new HashSet<>();

		private volatile boolean severed;

		Link(Socket client, Socket server) {
			this.client = client;
			this.server = server;
		}

		void clientToServer() {
			try (DataInputStream in = new DataInputStream(this.client.getInputStream())) {
				OutputStream out = this.server.getOutputStream();
				boolean startup = true;
				boolean committing = false;
				while (!this.severed) {
					if (startup) {
						byte[] message = untyped(in);
						int code = ByteBuffer.wrap(message, 4, 4).getInt();
						startup = code == SSL_REQUEST || code == GSS_REQUEST;
						forward(out, message);
						continue;
					}
					byte type = in.readByte();
					int length = in.readInt();
					byte[] body = new byte[length - 4];
					in.readFully(body);
					// read every message, armed or not: a commit may reuse a statement prepared long before
					boolean commit = commits(type, body);
					CommitCut cut = PostgresProxy.this.armed;
					if (cut != null && !committing && commit) {
						committing = true;
						if (cut == CommitCut.BEFORE_SERVER_SEES_IT) {
							sever();
							return;
						}
					}
					boolean lastOfCommit = committing && (type == 'S' || type == 'Q');
					if (lastOfCommit) {
						// the client must not hear the server's answer to this commit
						this.severed = true;
					}
					forward(out, framed(type, body));
					if (lastOfCommit) {
						// the server reads the whole commit, then the end of its stream; it answers
						// into the void and ends its session, and the client is left not knowing
						this.server.shutdownOutput();
						closeQuietly(this.client);
						PostgresProxy.this.armed = null;
						PostgresProxy.this.commitCut.countDown();
						return;
					}
				}
			}
			catch (IOException ex) {
				close();
			}
		}

		void serverToClient() {
			byte[] buffer = new byte[16384];
			try (InputStream in = this.server.getInputStream()) {
				OutputStream out = this.client.getOutputStream();
				for (int read; (read = in.read(buffer)) >= 0;) {
					while (PostgresProxy.this.mode == Mode.BLACKHOLE && !this.client.isClosed()) {
						Thread.sleep(50);
					}
					if (this.severed) {
						continue; // the server's answer to a cut commit: drained, never delivered
					}
					out.write(buffer, 0, read);
					out.flush();
				}
				close();
			}
			catch (IOException ex) {
				close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private boolean commits(byte type, byte[] body) {
			switch (type) {
				case 'Q' -> {
					return isCommit(cString(body, 0));
				}
				case 'P' -> {
					String name = cString(body, 0);
					boolean commit = isCommit(cString(body, name.getBytes(StandardCharsets.UTF_8).length + 1));
					if (commit && !name.isEmpty()) {
						this.commitStatements.add(name);
					}
					return commit;
				}
				case 'B' -> {
					String portal = cString(body, 0);
					String statement = cString(body, portal.getBytes(StandardCharsets.UTF_8).length + 1);
					return this.commitStatements.contains(statement);
				}
				default -> {
					return false;
				}
			}
		}

		private void forward(OutputStream out, byte[] message) throws IOException {
			while (PostgresProxy.this.mode == Mode.BLACKHOLE && !this.client.isClosed()) {
				sleep();
			}
			out.write(message);
			out.flush();
		}

		/** Ends the connection before the commit is forwarded: the server sees its stream end mid-transaction. */
		private void sever() {
			this.severed = true;
			PostgresProxy.this.armed = null;
			close();
			if (PostgresProxy.this.downAfterCut) {
				refuse();
			}
			PostgresProxy.this.commitCut.countDown();
		}

		void close() {
			PostgresProxy.this.links.remove(this);
			closeQuietly(this.client);
			closeQuietly(this.server);
		}

	}

	private static boolean isCommit(String sql) {
		return sql.strip().equalsIgnoreCase("COMMIT");
	}

	/** A message without a type byte (startup, SSL or GSS request): its length counts itself. */
	private static byte[] untyped(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 8 || length > 10_000) {
			throw new EOFException("not a PostgreSQL startup message");
		}
		byte[] message = new byte[length];
		ByteBuffer.wrap(message).putInt(length);
		in.readFully(message, 4, length - 4);
		return message;
	}

	private static byte[] framed(byte type, byte[] body) {
		return ByteBuffer.allocate(5 + body.length).put(type).putInt(body.length + 4).put(body).array();
	}

	private static String cString(byte[] body, int from) {
		int end = from;
		while (end < body.length && body[end] != 0) {
			end++;
		}
		return new String(body, from, end - from, StandardCharsets.UTF_8);
	}

	private static void sleep() throws IOException {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	private static void closeQuietly(Socket socket) {
		if (socket == null) {
			return;
		}
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// already broken
		}
	}

}
