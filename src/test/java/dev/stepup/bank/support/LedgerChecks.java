package dev.stepup.bank.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The money invariants of the data model (README, "Data model and invariants"),
 * read back from the database. One list for the tests ({@link Bank#assertInvariants()})
 * and the benchmark's money check ({@code bench/…/Verify}, which runs on the test
 * classpath), so the two cannot drift apart. Each query returns what breaks its
 * rule (nothing when it holds) and runs unchanged on H2 and PostgreSQL.
 */
public final class LedgerChecks {

	/** Rule, then the query naming every row that breaks it. */
	static final Map<String, String> RULES = rules();

	private LedgerChecks() {
	}

	private static Map<String, String> rules() {
		Map<String, String> rules = new LinkedHashMap<>();
		rules.put("total of all balances equals total of opening balances", """
				SELECT 'balances ' || CAST(SUM(balance) AS VARCHAR(64))
				  || ' opened ' || CAST(SUM(opening_balance) AS VARCHAR(64))
				FROM accounts HAVING SUM(balance) <> SUM(opening_balance)""");
		// a funding account is the one kind allowed below zero (V5)
		rules.put("no customer balance below zero", """
				SELECT id FROM accounts WHERE balance < 0 AND kind = 'customer'""");
		rules.put("every balance is its opening balance plus its ledger entries", """
				SELECT a.id FROM accounts a
				LEFT JOIN (SELECT account_id, SUM(amount) AS moved FROM ledger_entries GROUP BY account_id) e
				  ON e.account_id = a.id
				WHERE a.balance <> a.opening_balance + COALESCE(e.moved, 0)""");
		rules.put("every completed transfer has one debit and one credit summing to zero", """
				SELECT t.id FROM transfers t
				LEFT JOIN ledger_entries e ON e.transfer_id = t.id
				WHERE t.status = 'completed'
				GROUP BY t.id
				HAVING COUNT(e.transfer_id) <> 2 OR COALESCE(SUM(e.amount), 0) <> 0""");
		rules.put("a transfer that is not completed moved nothing", """
				SELECT DISTINCT t.id FROM transfers t JOIN ledger_entries e ON e.transfer_id = t.id
				WHERE t.status <> 'completed'""");
		return Collections.unmodifiableMap(rules);
	}

	/** Every rule, in order, with what breaks it: an empty list where the rule holds. */
	public static Map<String, List<String>> run(JdbcClient jdbc) {
		Map<String, List<String>> results = new LinkedHashMap<>();
		RULES.forEach((rule, sql) -> results.put(rule, jdbc.sql(sql).query(String.class).list()));
		return results;
	}

}
