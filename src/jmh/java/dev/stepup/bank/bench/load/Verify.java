package dev.stepup.bank.bench.load;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the money after a load run, over plain JDBC (H2 or PostgreSQL), with the
 * API stopped so that nothing is in flight and H2's file is free:
 * <ul>
 * <li>the total of all balances equals the total of opening balances (money only
 * moves between accounts), and that equals {@code --expected-total} (what was seeded);</li>
 * <li>no balance is negative;</li>
 * <li>every account's balance is its opening balance plus its ledger entries;</li>
 * <li>every completed transfer has one debit and one credit summing to zero, a
 * declined one has none;</li>
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
		BigDecimal total = decimal(db, "SELECT COALESCE(SUM(balance), 0) FROM accounts");
		BigDecimal opening = decimal(db, "SELECT COALESCE(SUM(opening_balance), 0) FROM accounts");
		long accounts = count(db, "SELECT COUNT(*) FROM accounts");
		check(total.compareTo(opening) == 0, "total of all balances unchanged: %s now, %s opened (%d accounts)",
				plain(total), plain(opening), accounts);
		String expected = args.get("expected-total", null);
		if (expected != null) {
			check(opening.compareTo(new BigDecimal(expected)) == 0, "opening total is what was seeded: %s",
					plain(new BigDecimal(expected)));
		}
		check(count(db, "SELECT COUNT(*) FROM accounts WHERE balance < 0") == 0, "no negative balance");
		long drifted = count(db, """
				SELECT COUNT(*) FROM accounts a
				LEFT JOIN (SELECT account_id, SUM(amount) AS moved FROM ledger_entries GROUP BY account_id) e
				  ON e.account_id = a.id
				WHERE a.balance <> a.opening_balance + COALESCE(e.moved, 0)""");
		check(drifted == 0, "every balance = opening balance + its ledger entries (%d accounts differ)", drifted);
		long unbalanced = count(db, """
				SELECT COUNT(*) FROM (
				  SELECT t.id FROM transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id
				  WHERE t.status = 'completed'
				  GROUP BY t.id
				  HAVING COUNT(e.transfer_id) <> 2 OR COALESCE(SUM(e.amount), 0) <> 0) x""");
		check(unbalanced == 0, "every completed transfer: one debit + one credit summing to zero (%d not)",
				unbalanced);
		long declinedWithEntries = count(db, """
				SELECT COUNT(*) FROM transfers t JOIN ledger_entries e ON e.transfer_id = t.id
				WHERE t.status = 'declined'""");
		check(declinedWithEntries == 0, "declined transfers moved nothing");

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
