/**
 * The JDBC stores' implementation: jOOQ queries, row mapping, the work listener. Not API: may
 * change in any release without notice. The generated jOOQ classes live in {@code .schema}.
 */
@NullMarked
package dev.communicable.jdbc.internal;

import org.jspecify.annotations.NullMarked;
