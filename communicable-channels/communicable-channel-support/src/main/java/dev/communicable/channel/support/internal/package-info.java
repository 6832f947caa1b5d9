/** Channel support internals. Not API: may change in any release without notice. */
package dev.communicable.channel.support.internal;
