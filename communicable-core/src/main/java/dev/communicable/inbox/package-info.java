/** The in-app inbox. */
package dev.communicable.inbox;
