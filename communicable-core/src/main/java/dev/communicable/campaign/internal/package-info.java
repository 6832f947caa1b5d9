/**
 * The campaign runner and the campaigns facade. Not API: may change in any release without notice.
 */
@NullMarked
package dev.communicable.campaign.internal;

import org.jspecify.annotations.NullMarked;
