/** SMS adapter internals. Not API: may change in any release without notice. */
package dev.communicable.channel.sms.internal;
