package org.dspam.storage.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.dspam.storage.StorageException;

/**
 * DSPAM built without virtual users: a user's uid is the system account's uid, and users who
 * are not system accounts cannot be stored.
 */
final class SystemUserIds implements UserIds {
    private final SystemAccounts accounts;
    private final String virtualTable;

    SystemUserIds(SystemAccounts accounts, String virtualTable) {
        this.accounts = accounts;
        this.virtualTable = virtualTable;
    }

    @Override
    public OptionalInt find(Connection c, String user) {
        return accounts.uid(user);
    }

    @Override
    public int findOrCreate(String user) {
        return accounts.uid(user).orElseThrow(() -> StorageException.permanentFailure("'" + user
                + "' is not a system account, and this database has no " + virtualTable
                + " table for virtual users"));
    }

    @Override
    public Optional<String> name(Connection c, int uid) {
        return accounts.name(uid);
    }

    @Override
    public List<String> withTotals(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT uid FROM dspam_stats")) {
            while (rs.next()) {
                accounts.name(rs.getInt(1)).ifPresent(names::add);
            }
        }
        return names;
    }
}
