package dev.stepup.bank.bench.load;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.stepup.bank.support.LedgerChecks;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Checks the money after a load run, over plain JDBC (H2 or PostgreSQL), with the
 * API stopped so that nothing is in flight and H2's file is free:
 * <ul>
 * <li>the total of opening balances equals {@code --expected-total} (what was seeded);</li>
 * <li>every money invariant the tests check ({@link LedgerChecks}, the same queries):
 * balances total their opening balances, no customer balance below zero, every balance
 * is its opening balance plus its entries, every completed transfer has one debit and
 * one credit summing to zero, any other moved nothing;</li>
 * <li>the transfers in the database match the responses the load generator saw:
 * {@code seen ≤ recorded ≤ seen + unanswered}, where unanswered requests are the
 * ones still in flight when the generator stopped counting (the server finished
 * them, nobody read the answer) or lost to a socket error;</li>
 * <li>no Idempotency-Key is left locked.</li>
 * </ul>
 * Prints one line per check and {@code MONEY CHECK: PASS} or {@code FAIL}; exits 1 on FAIL.
 */
public final class Verify {

	private final List<String> failures = new ArrayList<>();

	private Verify() {
	}

	public static void main(String[] arguments) throws SQLException {
		Args args = new Args(arguments, "Verify --url JDBC-URL [--user U] [--password P] [--expected-total AMOUNT] "
				+ "--completed-seen N --declined-seen N --unanswered N");
		Verify verify = new Verify();
		try (Connection db = DriverManager.getConnection(args.get("url"), args.get("user", ""),
				args.get("password", ""))) {
			verify.run(db, args);
		}
		System.out.println("MONEY CHECK: " + (verify.failures.isEmpty() ? "PASS" : "FAIL " + verify.failures));
		System.exit(verify.failures.isEmpty() ? 0 : 1);
	}

	private void run(Connection db, Args args) throws SQLException {
		BigDecimal opening = decimal(db, "SELECT COALESCE(SUM(opening_balance), 0) FROM accounts");
		String expected = args.get("expected-total", null);
		if (expected != null) {
			check(opening.compareTo(new BigDecimal(expected)) == 0, "opening total is what was seeded: %s (%s opened)",
					plain(new BigDecimal(expected)), plain(opening));
		}
		JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(db, true));
		LedgerChecks.run(jdbc)
			.forEach((rule, violations) -> check(violations.isEmpty(), "%s%s", rule,
					violations.isEmpty() ? "" : ": " + violations.size() + " not, e.g. "
							+ violations.subList(0, Math.min(5, violations.size()))));

		long completed = count(db, "SELECT COUNT(*) FROM transfers WHERE status = 'completed'");
		long declined = count(db, "SELECT COUNT(*) FROM transfers WHERE status = 'declined'");
		long completedSeen = args.number("completed-seen");
		long declinedSeen = args.number("declined-seen");
		long unanswered = args.number("unanswered");
		check(completedSeen <= completed && declinedSeen <= declined
				&& completed + declined <= completedSeen + declinedSeen + unanswered,
				"transfers recorded match responses seen: completed %d (201 seen %d), declined %d (422 seen %d), "
						+ "%d requests unanswered when the load stopped",
				completed, completedSeen, declined, declinedSeen, unanswered);
		long spent = count(db, "SELECT COUNT(*) FROM spent_tokens");
		System.out.printf("  [info] spent_tokens rows: %d (one per decided transfer until expired rows are purged)%n",
				spent);
		check(count(db, "SELECT COUNT(*) FROM idempotency_locks") == 0, "no Idempotency-Key left locked");
	}

	private void check(boolean ok, String format, Object... values) {
		String line = String.format(format, values);
		System.out.println("  [" + (ok ? "PASS" : "FAIL") + "] " + line);
		if (!ok) {
			this.failures.add(line.replaceAll(":.*", ""));
		}
	}

	private static String plain(BigDecimal value) {
		return value.stripTrailingZeros().toPlainString();
	}

	private static long count(Connection db, String sql) throws SQLException {
		return decimal(db, sql).longValueExact();
	}

	private static BigDecimal decimal(Connection db, String sql) throws SQLException {
		try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getBigDecimal(1);
		}
	}

}
