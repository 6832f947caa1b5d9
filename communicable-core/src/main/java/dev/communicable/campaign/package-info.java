/**
 * Campaigns: one message to an audience of many recipients, streamed from the host in pages through
 * an {@link dev.communicable.campaign.Audience}, queued page by page by a durable runner, with
 * progress, pause, resume, cancel, a send rate and a send window. Start at {@link
 * dev.communicable.campaign.Campaigns} ({@code Communication.campaigns()}).
 */
@NullMarked
package dev.communicable.campaign;

import org.jspecify.annotations.NullMarked;
