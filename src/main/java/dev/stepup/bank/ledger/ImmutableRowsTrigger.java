package dev.stepup.bank.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import org.h2.api.Trigger;

/**
 * The H2 side of the immutable journal (db/vendor/h2/V2__immutable_journal.sql):
 * refuses any UPDATE or DELETE of the rows it guards, with the SQLSTATE of a
 * check violation, as the PostgreSQL trigger does.
 */
public class ImmutableRowsTrigger implements Trigger {

	private String name;

	private String table;

	@Override
	public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
			int type) {
		this.name = triggerName.toLowerCase(Locale.ROOT);
		this.table = tableName.toLowerCase(Locale.ROOT);
	}

	@Override
	public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
		throw new SQLException(this.name + ": rows of " + this.table + " are never updated or deleted", "23513");
	}

}
