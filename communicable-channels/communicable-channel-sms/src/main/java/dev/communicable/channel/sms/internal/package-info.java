/** SMS adapter internals. Not API: may change in any release without notice. */
@NullMarked
package dev.communicable.channel.sms.internal;

import org.jspecify.annotations.NullMarked;
