package org.vigil.gateway.storage;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Makes one record of the current row; each record has exactly one. */
@FunctionalInterface
interface RowMapper<T> {

    T map(ResultSet row) throws SQLException;
}
