/** Load harness for campaigns: queuing a streamed audience on PostgreSQL, against plain inserts. */
@NullMarked
package dev.communicable.benchmarks.campaign;

import org.jspecify.annotations.NullMarked;
