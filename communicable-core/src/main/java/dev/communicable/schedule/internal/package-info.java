/** The schedule runtime. Not API: may change in any release without notice. */
@NullMarked
package dev.communicable.schedule.internal;

import org.jspecify.annotations.NullMarked;
