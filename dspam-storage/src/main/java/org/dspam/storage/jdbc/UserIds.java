package org.dspam.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How user names map to the numeric uids that key every row: through the virtual users table
 * ({@code dspam_virtual_uids}, DSPAM built with virtual users), or through the system's accounts.
 */
interface UserIds {
    /** The uid of a user, or empty if the user has none yet; never creates one. */
    OptionalInt find(Connection c, String user) throws SQLException;

    /** The uid of a user, giving the user one if needed (the first write does this). */
    int findOrCreate(String user);

    /** The name behind a uid. */
    Optional<String> name(Connection c, int uid) throws SQLException;

    /** The names of the users that have a {@code dspam_stats} row. */
    List<String> withTotals(Connection c) throws SQLException;
}
