/** The push device registry. */
package dev.communicable.device;
